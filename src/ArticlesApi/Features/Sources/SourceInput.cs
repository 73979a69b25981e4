using System.ComponentModel;
using ArticlesApi.Domain;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Validation;
using FluentValidation;
using FluentValidation.Results;

namespace ArticlesApi.Features.Sources;

/// The editable fields of a source, as POST and PUT take them.
public class SourceInput
{
    public string Name { get; init; } = null!;

    /// Generated from the name when not given (on PUT: kept when not given). Never shaped like a UUID (URLs take either).
    public string? Slug { get; init; }

    /// agency, government, intelligence, media, organization, person, document or other.
    [System.ComponentModel.DataAnnotations.Required]
    public SourceKind? Kind { get; init; }

    /// The source's own website (an agency's, a ministry's). Absolute http or https URL.
    public string? WebsiteUrl { get; init; }

    /// ISO 3166-1 alpha-2, e.g. "IT".
    public string? Country { get; init; }

    public string? Description { get; init; }

    /// Read-only: the source's page on the front end. Taken only so that a source read can be sent back.
    [ReadOnly(true), System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.Url)]
    [Description(SourceUrls.ReadOnlyDescription)]
    public string? Url { get; init; }

    public void ApplyTo(Source source)
    {
        source.Name = Name.Trim();
        source.Kind = Kind!.Value;
        source.WebsiteUrl = WebsiteUrl;
        source.Country = Country?.ToUpperInvariant();
        source.Description = Description;
    }
}

/// PUT's body: the editable fields, and the members that only reads write, so that a source read with GET can be
/// sent back as it is. `id` and `url` are checked (SourceUrls.CheckReadOnly); the others are ignored.
public class SourceReplacementInput : SourceInput
{
    /// Read-only: when given, the id of the source being replaced (400 otherwise).
    public Guid? Id { get; init; }

    /// Read-only, ignored.
    public int? ArticleCount { get; init; }

    /// Read-only, ignored.
    public DateTimeOffset? CreatedAt { get; init; }

    /// Read-only, ignored (If-Match says which version is replaced).
    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed class SourceInputRules : AbstractValidator<SourceInput>
{
    public SourceInputRules()
    {
        RuleFor(x => x.Name).Text(200, required: true);
        RuleFor(x => x.Slug).SlugFormat();
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.WebsiteUrl).AbsoluteHttpUrl();
        RuleFor(x => x.Country).CountryCode();
        RuleFor(x => x.Description).Text(2000, required: false);
    }
}

/// A source's `url` is its page on the front end (`{siteUrl}/sources/{slug}`, ADR 0026), made by reads; its own
/// website is `websiteUrl`, which `url` named until the front-end URL took the name.
public static class SourceUrls
{
    public const string PageDescription = "The source's page on the front end: `{siteUrl}/sources/{slug}` (GET /api/v1/site). "
        + "Made by reads, never stored: it follows the site's URL and the source's slug.";

    public const string WebsiteDescription = "The source's own website (an agency's, a ministry's), for linking its name; "
        + "null when it has none. (A citation's `url` is the cited document.)";

    public const string ReadOnlyDescription = "Read-only: the source's page on the front end, `{siteUrl}/sources/{slug}`. "
        + "Leave it out; a PUT may send back the `url` it read. The source's own website is `websiteUrl`.";

    public const string NotWritable = "url is read-only: it is the source's page on the front end ({siteUrl}/sources/{slug}). "
        + "The source's own website is websiteUrl.";

    /// PUT: `id` must name the source replaced, `url` must be its page now or with the slug this PUT gives it.
    public static void CheckReadOnly(SourceReplacementInput input, SourceResponse current, SiteUrls site, List<ValidationFailure> failures)
    {
        if (input.Id is { } id && id != current.Id)
            failures.Add(new ValidationFailure("id", $"This body names the source '{id}', not '{current.Id}' which is being replaced."));
        if (input.Url is { } url && url != current.Url && url != site.Source(input.Slug ?? current.Slug))
            failures.Add(new ValidationFailure("url", NotWritable));
    }
}
