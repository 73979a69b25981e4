namespace ArticlesApi.Domain;

public sealed class Tag : INamed, ISlugged
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public uint Version { get; set; }

    public List<ArticleTag> Articles { get; set; } = [];
}
