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
        b.HasKey(x => new { x.ApiKeyId, x.Key });
        b.Property(x => x.Key).HasMaxLength(IdempotencyMiddleware.MaxKeyLength);
        b.Property(x => x.Fingerprint).HasMaxLength(32);
        b.Property(x => x.Location).HasMaxLength(2048);
        b.Property(x => x.ContentType).HasMaxLength(200);
        b.HasIndex(x => x.ExpiresAt);
        b.HasOne<ApiKey>().WithMany().HasForeignKey(x => x.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
