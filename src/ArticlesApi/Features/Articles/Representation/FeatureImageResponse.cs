namespace ArticlesApi.Features.Articles;

public sealed class FeatureImageResponse
{
    public required string Url { get; init; }
    public string? Alt { get; init; }
    public string? Caption { get; init; }
}
