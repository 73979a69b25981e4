using System.ComponentModel;
using System.Linq.Expressions;
using System.Text.Json.Serialization;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;

namespace ArticlesApi.Features.Authors;

/// An author as reads return it. The email is only there for editors and admins (and for an author's own key).
[ArticlesApi.Infrastructure.Http.SurrogateKey("author", CountsArticles = true)]
public sealed record AuthorResponse : INamedResponse, ILinked
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }

    /// The author's page on the front end: `{siteUrl}/authors/{slug}`.
    public required string Url { get; set; }

    public string? Bio { get; init; }

    // Never in a public read, which is all the response cache keeps (it serves and fills anonymous requests only).
    [Description("Private: present only when an editor's or admin's key reads (and an author's or contributor's key, for its "
        + "own author), and an email is on file. Never in public reads.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    public string? AvatarUrl { get; init; }
    public string? WebsiteUrl { get; init; }
    public string? Location { get; init; }
    public required IReadOnlyList<AuthorLinkResponse> Links { get; init; }

    /// Published articles that this author wrote or co-wrote.
    public required int ArticleCount { get; init; }

    public required DateTime CreatedAt { get; init; }
    public required DateTime UpdatedAt { get; init; }

    public void LinkTo(SiteUrls site) => Url = site.Author(Slug);
}

public sealed class AuthorLinkResponse
{
    public required string Label { get; init; }
    public required string Url { get; init; }
}

public static class AuthorProjections
{
    /// What `viewer` may read: the email for staff, and for an author's or contributor's key its own author.
    public static Expression<Func<Author, AuthorResponse>> For(ArticleViewer viewer, Guid[] dueScheduled)
    {
        var everyEmail = viewer.SeesAll;
        var ownId = viewer.OwnAuthorId ?? Guid.Empty;
        return a => new AuthorResponse
        {
            Id = a.Id,
            Slug = a.Slug,
            Name = a.Name,
            Url = "",
            Bio = a.Bio,
            Email = everyEmail || a.Id == ownId ? a.Email : null,
            AvatarUrl = a.AvatarUrl,
            WebsiteUrl = a.WebsiteUrl,
            Location = a.Location,
            Links = a.Links.Select(l => new AuthorLinkResponse { Label = l.Label, Url = l.Url }).ToList(),
            ArticleCount = a.PublishedArticleCount + (dueScheduled.Length == 0 ? 0 : a.Articles.Count(x => dueScheduled.Contains(x.ArticleId))),
            CreatedAt = a.CreatedAt,
            UpdatedAt = a.UpdatedAt,
        };
    }

    /// ArticleCount as a sort key: the stored count alone (which an index orders) unless due scheduled articles add to it.
    public static Expression<Func<Author, int>> ArticleCount(Guid[] dueScheduled) => dueScheduled.Length == 0
        ? a => a.PublishedArticleCount
        : a => a.PublishedArticleCount + a.Articles.Count(x => dueScheduled.Contains(x.ArticleId));
}
