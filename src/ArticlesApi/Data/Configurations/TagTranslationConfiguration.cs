using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class TagTranslationConfiguration : IEntityTypeConfiguration<TagTranslation>
{
    public void Configure(EntityTypeBuilder<TagTranslation> b)
    {
        b.ToTable("tag_translations");
        b.HasKey(x => new { x.TagId, x.Language });
        b.Property(x => x.Language).HasMaxLength(35);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.HasOne<Tag>().WithMany(t => t.Translations).HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Cascade);
        // Look-alike translated names in one language (TagNames key): one per language, whoever writes at the same time.
        // Created by the migration (an index on tag_name_key(name), which EF Core cannot model): TagNames.TranslationKeyIndex.
    }
}
