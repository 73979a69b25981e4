using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

/// Rows are inserted by ContentChangeLog only, never updated or deleted (triggers of the ContentChangesSpine
/// migration refuse it; see docs/decisions/0017-content-changes.md).
sealed class ContentChangeConfiguration : IEntityTypeConfiguration<ContentChange>
{
    public void Configure(EntityTypeBuilder<ContentChange> b)
    {
        b.ToTable("content_changes", t =>
        {
            t.HasCheckConstraint("ck_content_changes_resource", $"resource IN ({LowerCaseEnumConverter<ContentResource>.SqlValues()})");
            t.HasCheckConstraint("ck_content_changes_kind", $"kind IN ({LowerCaseEnumConverter<ChangeKind>.SqlValues()})");
        });
        b.HasKey(x => x.Sequence);
        // Assigned under the commit-order lock (ContentChangeLog.CommitOrderLock), so in commit order; CACHE 1
        // (the default) matters: a session caching values would hand them out of order.
        b.Property(x => x.Sequence).UseIdentityAlwaysColumn();
        b.Property(x => x.Slug).HasMaxLength(Slug.MaxLength);
        // One resource's history, in order (a feed filtered by resource, tests).
        b.HasIndex(x => new { x.ResourceId, x.Sequence });
    }
}
