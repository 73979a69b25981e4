using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> b)
    {
        b.ToTable("article_revisions", t => t.HasCheckConstraint("ck_article_revisions_number", "number >= 1"));
        // The key is also the only index: revisions are read per article, newest first.
        b.HasKey(x => new { x.ArticleId, x.Number });
        b.Property(x => x.Action).HasMaxLength(32);
        b.Property(x => x.ByKeyName).HasMaxLength(200);
        b.Property(x => x.Snapshot).HasColumnType("jsonb");
        b.Property(x => x.Note).HasMaxLength(2000);
        // Deleted for good with the article; the trash keeps them.
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
