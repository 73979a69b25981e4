using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class CitationConfiguration : IEntityTypeConfiguration<Citation>
{
    public void Configure(EntityTypeBuilder<Citation> b)
    {
        b.ToTable("citations", t => t.HasCheckConstraint("ck_citations_position", "position >= 0"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Claim).HasMaxLength(2000);
        b.Property(x => x.Attribution).HasMaxLength(100);
        b.Property(x => x.Quote).HasMaxLength(2000);
        b.Property(x => x.Url).HasMaxLength(2048);
        b.HasIndex(x => new { x.ArticleId, x.Position }).IsUnique();
        b.HasIndex(x => new { x.SourceId, x.ArticleId });
        b.HasOne(x => x.Article).WithMany(a => a.Citations).HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Source).WithMany(s => s.Citations).HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Restrict);
    }
}
