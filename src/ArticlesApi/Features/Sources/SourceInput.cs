using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Validation;
using FluentValidation;

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

    /// Absolute http or https URL.
    public string? Url { get; init; }

    /// ISO 3166-1 alpha-2, e.g. "IT".
    public string? Country { get; init; }

    public string? Description { get; init; }

    public void ApplyTo(Source source)
    {
        source.Name = Name.Trim();
        source.Kind = Kind!.Value;
        source.Url = Url;
        source.Country = Country?.ToUpperInvariant();
        source.Description = Description;
    }
}

public sealed class SourceInputRules : AbstractValidator<SourceInput>
{
    public SourceInputRules()
    {
        RuleFor(x => x.Name).Text(200, required: true);
        RuleFor(x => x.Slug).SlugFormat();
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        RuleFor(x => x.Url).AbsoluteHttpUrl();
        RuleFor(x => x.Country).CountryCode();
        RuleFor(x => x.Description).Text(2000, required: false);
    }
}
