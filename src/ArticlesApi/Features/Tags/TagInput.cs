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

    public void ApplyTo(Tag tag)
    {
        tag.Name = Name.Trim();
        tag.Description = Description;
    }
}

public sealed class TagInputRules : AbstractValidator<TagInput>
{
    public TagInputRules()
    {
        RuleFor(x => x.Name).Text(100, required: true);
        RuleFor(x => x.Slug).SlugFormat();
        RuleFor(x => x.Description).Text(2000, required: false);
    }
}
