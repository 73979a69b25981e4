using ArticlesApi.Domain;
using Bogus;

namespace ArticlesApi.Tests.Infrastructure;

/// Domain objects with believable, unique values, for tests that write straight to the database.
public static class Fakes
{
    static readonly Faker F = new("it");

    static string Unique(string text) => $"{Slug.From(text)}-{Guid.NewGuid().ToString("N")[..8]}";

    public static Author Author(string? name = null)
    {
        name ??= F.Name.FullName();
        return new Author
        {
            Name = name,
            Slug = Unique(name),
            Bio = F.Lorem.Paragraph(),
            Email = F.Internet.Email(),
            Location = F.Address.City(),
            Links = [new AuthorLink { Label = "Mastodon", Url = F.Internet.Url() }],
        };
    }

    public static Tag Tag(string? name = null)
    {
        // Unique names too: two tags may not have look-alike names (TagNames).
        name = $"{name ?? F.Lorem.Word()} {Guid.NewGuid().ToString("N")[..8]}";
        return new Tag { Name = name, Slug = Slug.From(name), Description = F.Lorem.Sentence() };
    }

    public static Source Source(SourceKind kind = SourceKind.Agency, string? name = null)
    {
        name ??= F.Company.CompanyName();
        return new Source { Name = name, Slug = Unique(name), Kind = kind, Country = "IT", WebsiteUrl = F.Internet.Url() };
    }

    public static Article Article(string? title = null, string language = "it", string? markdown = null,
        ArticleStatus status = ArticleStatus.Published, DateTime? publishedAt = null)
    {
        title ??= F.Lorem.Sentence(6);
        var body = ArticleBody.FromMarkdown(markdown ?? string.Join("\n\n", F.Lorem.Paragraphs(4)));
        return new Article
        {
            Title = title,
            Slug = Unique(title),
            Excerpt = body.DefaultExcerpt(),
            Body = body,
            Language = language,
            Status = status,
            PublishedAt = status == ArticleStatus.Draft ? null : publishedAt ?? DateTime.UtcNow.AddHours(-1),
            WordCount = body.WordCount(),
            ReadingTimeMinutes = body.ReadingTimeMinutes(),
        };
    }
}
