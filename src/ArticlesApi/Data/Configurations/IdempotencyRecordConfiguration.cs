using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_records");
        // The primary key is what makes concurrent duplicates safe: only one insert can win.
        b.HasKey(x => new { x.ApiKeyId, x.KeyHash });
        b.Property(x => x.KeyHash).HasMaxLength(32);
        b.Property(x => x.Fingerprint).HasMaxLength(32);
        b.HasIndex(x => x.ExpiresAt);
        // The quota walks one key's answers newest first and sums their sizes from this index alone.
        b.HasIndex(x => new { x.ApiKeyId, x.CreatedAt, x.KeyHash }).IncludeProperties(x => new { x.Size, x.StatusCode, x.ExpiresAt });
        b.HasOne<ApiKey>().WithMany().HasForeignKey(x => x.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
