using ArticlesApi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class InstallationSecretConfiguration : IEntityTypeConfiguration<InstallationSecret>
{
    public void Configure(EntityTypeBuilder<InstallationSecret> b)
    {
        // InstallationSecrets writes it with raw SQL (ON CONFLICT DO NOTHING), by these names.
        b.ToTable("installation_secrets");
        b.HasKey(x => x.Name);
        b.Property(x => x.CreatedAt).HasDefaultValueSql("now()");
    }
}
