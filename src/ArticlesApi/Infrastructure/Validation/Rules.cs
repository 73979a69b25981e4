using ArticlesApi.Domain;
using FluentValidation;

namespace ArticlesApi.Infrastructure.Validation;

/// The field rules that several resources share, each with a message that says what is expected.
public static class Rules
{
    public const int MaxUrlLength = 2048;

    public static IRuleBuilderOptions<T, string?> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string?> rule) => rule
        .MaximumLength(MaxUrlLength)
        .SetValidator(new DescribedPredicate<T>(url => url is null || IsHttpUrl(url), new SchemaRule
        {
            Pattern = HttpUrlPattern, Format = "uri", Note = "An absolute http or https URL.",
        }))
        .WithMessage("'{PropertyName}' must be an absolute http or https URL.");

    public static IRuleBuilderOptions<T, string?> SlugFormat<T>(this IRuleBuilder<T, string?> rule) => rule
        .MaximumLength(Slug.MaxLength)
        .SetValidator(new DescribedPredicate<T>(slug => slug is null || Slug.IsWellFormed(slug), new SchemaRule { Pattern = Slug.Pattern }))
        .WithMessage("'{PropertyName}' may hold only lower-case letters, digits and single hyphens between them (e.g. \"war-in-sudan\").")
        .SetValidator(new DescribedPredicate<T>(slug => slug is null || !Slug.LooksLikeId(slug), new SchemaRule
        {
            ExcludedPattern = Slug.IdShapedPattern, Note = "Never shaped like a UUID (URLs take an id or a slug).",
        }))
        .WithMessage("'{PropertyName}' must not be shaped like a UUID: URLs take an id or a slug, so such a slug could stand for another resource's id.");

    public static IRuleBuilderOptions<T, string?> CountryCode<T>(this IRuleBuilder<T, string?> rule) => rule
        .SetValidator(new DescribedPredicate<T>(code => code is null || Countries.IsKnown(code.ToUpperInvariant()), new SchemaRule
        {
            Pattern = Countries.Pattern, Note = "An ISO 3166-1 alpha-2 country code in any case, stored upper case (e.g. \"IT\").",
        }))
        .WithMessage("'{PropertyName}' must be an ISO 3166-1 alpha-2 country code (e.g. \"IT\").");

    public static IRuleBuilderOptions<T, string?> LanguageTag<T>(this IRuleBuilder<T, string?> rule) => rule
        .SetValidator(new DescribedPredicate<T>(Languages.IsKnown, new SchemaRule
        {
            Pattern = Languages.Pattern,
            Note = "A BCP 47 tag: an ISO 639-1 language, then optionally a script and an ISO 3166-1 or UN M.49 region (e.g. \"it\", \"en-GB\", \"zh-Hant-TW\").",
        }))
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

    /// What a JSON Schema can say of a rule written as a predicate, for the OpenAPI document (ValidationRulesDocs).
    public sealed record SchemaRule
    {
        /// An ECMA-262 pattern every accepted value matches.
        public string? Pattern { get; init; }

        /// A pattern no accepted value matches (`not: { pattern }`).
        public string? ExcludedPattern { get; init; }

        public string? Format { get; init; }

        /// What the schema cannot say exactly, for the member's description.
        public string? Note { get; init; }
    }

    public interface IDescribedRule
    {
        SchemaRule Schema { get; }
    }

    /// `Must` with what it means in JSON Schema terms.
    sealed class DescribedPredicate<T>(Func<string?, bool> isValid, SchemaRule schema)
        : FluentValidation.Validators.PropertyValidator<T, string?>, IDescribedRule
    {
        public SchemaRule Schema => schema;

        public override string Name => "PredicateValidator";

        public override bool IsValid(ValidationContext<T> context, string? value) => isValid(value);

        protected override string GetDefaultMessageTemplate(string errorCode) => "The specified condition was not met for '{PropertyName}'.";
    }

    /// The shape IsHttpUrl accepts, as far as a pattern can say it: an http(s) scheme, a host, no white space.
    public const string HttpUrlPattern = @"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+(?:[/?#]\S*)?$";

    static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host) && !url.Any(char.IsWhiteSpace);
}
