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
            t.HasCheckConstraint("ck_api_keys_author_role", "author_id IS NOT NULL OR role IN ('editor', 'admin')");
        });
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Prefix).HasMaxLength(16);
        b.Property(x => x.SecretHash).HasMaxLength(32);
        b.HasIndex(x => x.SecretHash).IsUnique();
        b.HasOne(x => x.Author).WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
