using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class CorrectionConfiguration : IEntityTypeConfiguration<Correction>
{
    public void Configure(EntityTypeBuilder<Correction> b)
    {
        b.ToTable("article_corrections", t =>
            t.HasCheckConstraint("ck_article_corrections_kind", $"kind IN ({LowerCaseEnumConverter<CorrectionKind>.SqlValues()})"));
        b.HasKey(x => x.Id);
        b.Property(x => x.NoteMarkdown).HasMaxLength(Corrections.NoteMaxLength);
        b.HasIndex(x => new { x.ArticleId, x.At });
        b.Property(x => x.Media).HasColumnName("note_media").HasDefaultValueSql("'{}'::uuid[]");
        b.HasIndex(x => x.Media).HasMethod("gin").HasDatabaseName("ix_article_corrections_note_media");
        b.HasOne(x => x.Article).WithMany(a => a.Corrections).HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class Corrections
{
    public const int NoteMaxLength = 5000;
}
