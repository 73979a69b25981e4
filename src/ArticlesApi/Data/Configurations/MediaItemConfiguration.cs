using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class MediaItemConfiguration : IEntityTypeConfiguration<MediaItem>
{
    public void Configure(EntityTypeBuilder<MediaItem> b)
    {
        b.ToTable("media", t =>
        {
            t.HasCheckConstraint("ck_media_alt_not_blank", "btrim(alt) <> ''");
            t.HasCheckConstraint("ck_media_size", "width > 0 AND height > 0 AND bytes > 0");
        });
        b.HasKey(x => x.Id);
        b.Property(x => x.ContentType).HasMaxLength(40);
        b.Property(x => x.StorageKey).HasMaxLength(300);
        b.Property(x => x.Alt).HasMaxLength(MediaItem.MaxAltLength);
        b.Property(x => x.Caption).HasMaxLength(MediaItem.MaxCaptionLength);
        b.Property(x => x.Credit).HasMaxLength(MediaItem.MaxCreditLength);
        b.Property(x => x.License).HasMaxLength(MediaItem.MaxLicenseLength);
        b.Property(x => x.Placeholder).HasMaxLength(8000);
        b.Property(x => x.Version).IsRowVersion();
        b.OwnsMany(x => x.Renditions, r => r.ToJson("renditions"));
        // A deleted author lets go of what it uploaded (editors still manage it).
        b.HasOne<Author>().WithMany().HasForeignKey(x => x.UploadedByAuthorId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.UploadedByAuthorId);
    }
}
