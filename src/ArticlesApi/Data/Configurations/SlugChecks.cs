using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

static class SlugChecks
{
    /// The slug's shape, and that it can never be read as an id (a UUID-shaped slug could answer for
    /// another resource's id URL).
    public static void HasSlugChecks<T>(this TableBuilder<T> t, string table) where T : class
    {
        t.HasCheckConstraint($"ck_{table}_slug", $"slug ~ '{Slug.Pattern}'");
        t.HasCheckConstraint($"ck_{table}_slug_not_id", $"slug !~ '{Slug.IdShapedPattern}'");
    }
}
