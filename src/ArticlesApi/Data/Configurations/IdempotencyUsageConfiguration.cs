using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class IdempotencyUsageConfiguration : IEntityTypeConfiguration<IdempotencyUsage>
{
    public void Configure(EntityTypeBuilder<IdempotencyUsage> b)
    {
        b.ToTable("idempotency_usage");
        b.HasKey(x => x.ApiKeyId);
        b.HasOne<ApiKey>().WithOne().HasForeignKey<IdempotencyUsage>(x => x.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
