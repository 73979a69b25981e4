using ArticlesApi.Domain;
using FluentValidation;

namespace ArticlesApi.Infrastructure.Validation;

/// The field rules that several resources share, each with a message that says what is expected.
public static class Rules
{
    public const int MaxUrlLength = 2048;

    public static IRuleBuilderOptions<T, string?> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string?> rule) => rule
        .MaximumLength(MaxUrlLength)
        .Must(url => url is null || IsHttpUrl(url))
        .WithMessage("'{PropertyName}' must be an absolute http or https URL.");

    public static IRuleBuilderOptions<T, string?> SlugFormat<T>(this IRuleBuilder<T, string?> rule) => rule
        .MaximumLength(Slug.MaxLength)
        .Matches(Slug.Pattern)
        .WithMessage("'{PropertyName}' may hold only lower-case letters, digits and single hyphens between them (e.g. \"war-in-sudan\").")
        .Must(slug => slug is null || !Slug.LooksLikeId(slug))
        .WithMessage("'{PropertyName}' must not be shaped like a UUID: URLs take an id or a slug, so such a slug could stand for another resource's id.");

    public static IRuleBuilderOptions<T, string?> CountryCode<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(code => code is null || Countries.IsKnown(code.ToUpperInvariant()))
        .WithMessage("'{PropertyName}' must be an ISO 3166-1 alpha-2 country code (e.g. \"IT\").");

    public static IRuleBuilderOptions<T, string?> LanguageTag<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(Languages.IsKnown)
        .WithMessage("'{PropertyName}' must be a BCP 47 language tag of a known language (e.g. \"it\", \"en-GB\").");

    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule, int maxLength, bool required) =>
        required ? rule.NotEmpty().MaximumLength(maxLength) : rule.MaximumLength(maxLength);

    /// A list of at most `max` items (null passes), as the OpenAPI document can read it (ValidationRulesDocs: maxItems).
    public static IRuleBuilderOptions<T, List<TItem>?> MaxItems<T, TItem>(this IRuleBuilder<T, List<TItem>?> rule, int max) =>
        rule.SetValidator(new MaxItemsValidator<T, TItem>(max));

    public interface IMaxItems
    {
        int Max { get; }
    }

    sealed class MaxItemsValidator<T, TItem>(int max) : FluentValidation.Validators.PropertyValidator<T, List<TItem>?>, IMaxItems
    {
        public int Max => max;

        public override string Name => "MaxItemsValidator";

        public override bool IsValid(ValidationContext<T> context, List<TItem>? value) => value is null || value.Count <= max;

        protected override string GetDefaultMessageTemplate(string errorCode) => $"'{{PropertyName}}' may hold at most {max} items.";
    }

    static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host) && !url.Any(char.IsWhiteSpace);
}
