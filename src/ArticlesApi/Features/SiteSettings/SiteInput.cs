using System.Text.RegularExpressions;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Validation;
using FluentValidation;

namespace ArticlesApi.Features.SiteSettings;

/// The site's editable fields, as PUT takes them (the names GET returns).
public class SiteInput
{
    public string Name { get; init; } = null!;
    public string? Description { get; init; }

    /// The front end's base URL (`https://www.oltrelalinea.news`, or with a path: `https://example.com/news`); no query or
    /// fragment. A trailing slash is dropped.
    public string Url { get; init; } = null!;

    public string? LogoUrl { get; init; }

    /// BCP 47 tags of known languages, at least one, each once; the first is the default.
    public List<string> Languages { get; init; } = null!;

    /// Default `{siteUrl}/{language}/{slug}`. Holds `{slug}` or `{id}`, only the known tokens, and starts with `{siteUrl}`
    /// followed by `/` or `?`, or with an absolute http(s) URL's scheme and host (articles on another host).
    public string? ArticleUrlTemplate { get; init; }

    public string? NewsPublicationName { get; init; }

    /// Read-only, ignored: accepted so that a site read with GET can be sent back.
    public DateTimeOffset? UpdatedAt { get; init; }

    public void ApplyTo(Site site)
    {
        site.Name = Name.Trim();
        site.Description = Description;
        site.Url = Url.TrimEnd('/');
        site.LogoUrl = LogoUrl;
        site.Languages = [.. Languages];
        site.ArticleUrlTemplate = string.IsNullOrEmpty(ArticleUrlTemplate) ? Site.DefaultArticleUrlTemplate : ArticleUrlTemplate;
        site.NewsPublicationName = string.IsNullOrWhiteSpace(NewsPublicationName) ? null : NewsPublicationName.Trim();
    }
}

public sealed partial class SiteInputRules : AbstractValidator<SiteInput>
{
    public const int MaxLanguages = 20;
    public const int MaxTemplateLength = 500;

    public SiteInputRules()
    {
        RuleFor(x => x.Name).Text(200, required: true);
        RuleFor(x => x.Description).Text(2000, required: false);
        RuleFor(x => x.Url).NotEmpty().AbsoluteHttpUrl()
            .Must(url => url is null || SiteUrl().IsMatch(url.TrimEnd('/')))
            .WithMessage("'url' must be the site's base URL: http(s), a host, an optional path, no query or fragment (e.g. \"https://www.oltrelalinea.news\").");
        RuleFor(x => x.LogoUrl).AbsoluteHttpUrl();
        RuleFor(x => x.Languages).NotEmpty().WithMessage("'languages' must name at least one language; the first is the default.")
            .MaxItems(MaxLanguages)
            .Must(l => l is null || l.Where(x => x is not null).Distinct(StringComparer.OrdinalIgnoreCase).Count() == l.Count)
            .WithMessage("'languages' must name each language once.");
        RuleForEach(x => x.Languages).NotEmpty().LanguageTag();
        RuleFor(x => x.ArticleUrlTemplate).MaximumLength(MaxTemplateLength).Custom((template, context) =>
        {
            if (!string.IsNullOrEmpty(template) && template.Length <= MaxTemplateLength && TemplateProblem(template) is { } problem)
                context.AddFailure(problem);
        });
        RuleFor(x => x.NewsPublicationName).Text(200, required: false);
    }

    /// What is wrong with an article URL template, or null.
    public static string? TemplateProblem(string template)
    {
        var unknown = Token().Matches(template).Select(m => m.Value).Where(t => !SiteUrls.Tokens.Contains(t)).Distinct().ToList();
        if (unknown.Count > 0)
            return $"'articleUrlTemplate' holds unknown tokens {string.Join(", ", unknown)}; the tokens are {string.Join(", ", SiteUrls.Tokens)}.";
        if (Token().Replace(template, "").IndexOfAny(['{', '}']) >= 0)
            return "'articleUrlTemplate' holds a `{` or `}` outside a token.";
        if (!template.Contains("{slug}", StringComparison.Ordinal) && !template.Contains("{id}", StringComparison.Ordinal))
            return "'articleUrlTemplate' must hold {slug} or {id}, so that every article has its own URL.";
        if (!TemplateStart().IsMatch(template))
            return "'articleUrlTemplate' must start with {siteUrl} followed by / or ?, or with an absolute http(s) URL's scheme and host "
                + "(e.g. \"{siteUrl}/{language}/{yyyy}/{mm}/{slug}\").";
        var sample = SiteUrls.Expand(template, "https://www.example.com", "sample-slug", Guid.Empty, "en", new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc));
        if (!Uri.TryCreate(sample, UriKind.Absolute, out _) || sample.Any(char.IsWhiteSpace) || sample.Contains('#'))
            return "'articleUrlTemplate' must make an absolute URL without spaces or a fragment.";
        return null;
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Token();

    [GeneratedRegex(@"^(\{siteUrl\}[/?]|https?://[^/?#{}\s]+([/?]|$))")]
    private static partial Regex TemplateStart();

    // The database's check (ck_site_url): scheme, host, optional path without a trailing slash, nothing else.
    [GeneratedRegex(@"^https?://[^/?#]+(/[^?#]*[^/?#])?$")]
    private static partial Regex SiteUrl();
}
