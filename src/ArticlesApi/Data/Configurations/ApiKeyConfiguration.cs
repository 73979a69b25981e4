using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys", t =>
        {
            t.HasCheckConstraint("ck_api_keys_role", $"role IN ({LowerCaseEnumConverter<Role>.SqlValues()})");
            // An author or contributor key names its author, unless it is revoked and its author was deleted.
            t.HasCheckConstraint("ck_api_keys_author_role",
                "author_id IS NOT NULL OR role IN ('editor', 'admin', 'reader') OR (revoked_at IS NOT NULL AND former_author_id IS NOT NULL)");
            t.HasCheckConstraint("ck_api_keys_former_author", "former_author_id IS NULL OR (author_id IS NULL AND former_author_name IS NOT NULL)");
        });
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.FormerAuthorName).HasMaxLength(200);
        b.Property(x => x.SecretHash).HasMaxLength(32);
        b.HasIndex(x => x.SecretHash).IsUnique();
        // Restrict: the database never lets an active key lose its author. Deleting an author first lets go of
        // its revoked keys (ApiKey.ForgetAuthor) in the same transaction (Authors/Delete).
        b.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
