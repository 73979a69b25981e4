using System.ComponentModel;
using ArticlesApi.Features.Articles.Preview;
using FastEndpoints;
using FluentValidation;

namespace Articles.Preview.Create;

[Description("How long the link works (at most 30 days; default 7 days). Give expiresIn or expiresAt, not both.")]
sealed class Request
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; init; } = "";

    [Description("Seconds from now until the link stops working: 60 to 2592000 (30 days).")]
    public int? ExpiresIn { get; init; }

    [Description("When the link stops working: an ISO 8601 time in the future, at most 30 days from now.")]
    public DateTimeOffset? ExpiresAt { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(x => x.ExpiresIn).InclusiveBetween(60, (int)PreviewLinks.MaxLifetime.TotalSeconds).When(x => x.ExpiresIn is not null)
            .WithMessage($"'expiresIn' must be between 60 and {(int)PreviewLinks.MaxLifetime.TotalSeconds} seconds (30 days).");
        RuleFor(x => x.ExpiresAt).Null().When(x => x.ExpiresIn is not null)
            .WithMessage("Give expiresIn or expiresAt, not both.");
    }
}

/// A preview link: the token, the URL that shows the article with it, and when it stops working.
sealed class Response
{
    /// Shown this once; only its hash is stored. Pass it as `?preview=` on the article's GET.
    public required string Token { get; init; }

    /// The article's read URL with the token (under Api:PublicUrl when set).
    public required string Url { get; init; }

    public required DateTime ExpiresAt { get; init; }
}
