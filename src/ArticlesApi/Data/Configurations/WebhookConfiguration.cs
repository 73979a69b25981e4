using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.ToTable("webhooks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.Description).HasMaxLength(500);
        b.Property(x => x.DisabledReason).HasMaxLength(500);
    }
}

sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("webhook_deliveries", t =>
            t.HasCheckConstraint("ck_webhook_deliveries_status", $"status IN ({LowerCaseEnumConverter<DeliveryStatus>.SqlValues()})"));
        b.HasKey(x => x.Id);
        b.Property(x => x.EventType).HasMaxLength(40);
        b.Property(x => x.MessageId).HasMaxLength(40);
        b.Property(x => x.LastResponse).HasMaxLength(2000);
        // One delivery per event and webhook, whatever the dispatchers do.
        b.HasIndex(x => new { x.WebhookId, x.Sequence }).IsUnique();
        // The worker's claim: what is due, oldest first.
        b.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'pending'");
        b.HasOne<Webhook>().WithMany().HasForeignKey(x => x.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class ChangeConsumerConfiguration : IEntityTypeConfiguration<ChangeConsumer>
{
    public void Configure(EntityTypeBuilder<ChangeConsumer> b)
    {
        b.ToTable("change_consumers");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(40);
    }
}
