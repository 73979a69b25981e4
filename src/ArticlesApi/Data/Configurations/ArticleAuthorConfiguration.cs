using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class ArticleAuthorConfiguration : IEntityTypeConfiguration<ArticleAuthor>
{
    public void Configure(EntityTypeBuilder<ArticleAuthor> b)
    {
        b.ToTable("article_authors", t => t.HasCheckConstraint("ck_article_authors_position", "position >= 0"));
        b.HasKey(x => new { x.ArticleId, x.AuthorId });
        b.HasIndex(x => new { x.ArticleId, x.Position }).IsUnique();
        // "Articles by this author" walks from the author side.
        b.HasIndex(x => new { x.AuthorId, x.ArticleId });
        b.HasOne(x => x.Article).WithMany(a => a.Authors).HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Author).WithMany(a => a.Articles).HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
