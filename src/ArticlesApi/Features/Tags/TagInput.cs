using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Validation;
using FluentValidation;

namespace ArticlesApi.Features.Tags;

/// The editable fields of a tag, as POST and PUT take them.
public class TagInput
{
    public string Name { get; init; } = null!;

    /// Generated from the name when not given (on PUT: kept when not given). Never shaped like a UUID (URLs take either).
    public string? Slug { get; init; }

    public string? Description { get; init; }

    /// The tag's name (and description) in other languages, by BCP 47 language tag: `{ "en": { "name": "World" } }`.
    /// Articles in a language embed its name in that language. On PUT: replaces every translation (not given: none).
    public Dictionary<string, TagTranslationInput>? Translations { get; init; }

    /// The translations as stored: languages normalized ("EN" → "en").
    public IEnumerable<TagTranslation> NormalizedTranslations(Guid tagId) =>
        (Translations ?? []).Select(t => new TagTranslation
        {
            TagId = tagId, Language = Languages.Normalize(t.Key.Trim()), Name = t.Value.Name.Trim(), Description = t.Value.Description,
        });

    /// Copies the fields; the tag's translations must be loaded (they are changed in place: kept, updated, removed or added).
    public void ApplyTo(Tag tag)
    {
        tag.Name = Name.Trim();
        tag.Description = Description;
        var wanted = NormalizedTranslations(tag.Id).ToDictionary(t => t.Language);
        tag.Translations.RemoveAll(t => !wanted.ContainsKey(t.Language));
        foreach (var (language, translation) in wanted)
        {
            if (tag.Translations.Find(t => t.Language == language) is { } existing)
            {
                existing.Name = translation.Name;
                existing.Description = translation.Description;
            }
            else
                tag.Translations.Add(translation);
        }
    }
}

/// A tag's name in one language.
public sealed class TagTranslationInput
{
    public string Name { get; init; } = null!;
    public string? Description { get; init; }
}

public sealed class TagInputRules : AbstractValidator<TagInput>
{
    public TagInputRules()
    {
        RuleFor(x => x.Name).Text(100, required: true);
        RuleFor(x => x.Slug).SlugFormat();
        RuleFor(x => x.Description).Text(2000, required: false);
        RuleFor(x => x.Translations).Must(t => t is null || t.Count <= 50).WithMessage("At most 50 translations.")
            .Must(t => t is null || t.Keys.Where(Languages.IsKnown).Select(k => Languages.Normalize(k.Trim())).Distinct().Count() == t.Keys.Count(Languages.IsKnown))
            .WithMessage("Each language may have one translation (language tags are compared as normalized: \"EN\" is \"en\").");
        RuleForEach(x => x.Translations).ChildRules(t =>
        {
            t.RuleFor(x => x.Key).Must(Languages.IsKnown).WithName("language")
                .WithMessage("Each key of 'translations' must be a BCP 47 language tag of a known language (e.g. \"en\", \"pt-BR\").");
            t.RuleFor(x => x.Value).NotNull().WithMessage("Give { \"name\", \"description\"? } for each language.")
                .SetValidator(new TagTranslationInputRules());
        });
    }
}

public sealed class TagTranslationInputRules : AbstractValidator<TagTranslationInput>
{
    public TagTranslationInputRules()
    {
        RuleFor(x => x.Name).Text(100, required: true);
        RuleFor(x => x.Description).Text(2000, required: false);
    }
}
