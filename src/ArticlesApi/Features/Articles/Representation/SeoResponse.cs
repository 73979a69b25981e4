namespace ArticlesApi.Features.Articles;

/// An article's search and social metadata as written (null: not set). Where it is used (`structuredData`, feeds)
/// a null member falls back: `metaTitle` to the title, `metaDescription` to the excerpt, `ogImage` to the feature image.
public sealed class SeoResponse
{
    /// Up to 70 characters.
    public string? MetaTitle { get; init; }

    /// Up to 160 characters.
    public string? MetaDescription { get; init; }

    public string? OgImage { get; init; }
}
