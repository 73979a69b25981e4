using ArticlesApi.Infrastructure.Validation;
using FluentValidation;

namespace ArticlesApi.Features.Articles;

/// The editable fields of an article, as POST and PUT take them (the names reads use; relations as ids or slugs).
public class ArticleInput
{
    public string Title { get; init; } = null!;

    /// Generated from the title when not given (on PUT: kept when not given). Never shaped like a UUID (URLs take either).
    public string? Slug { get; init; }

    public string? Subtitle { get; init; }

    /// Taken from the first paragraph of the body when not given.
    public string? Excerpt { get; init; }

    public BodyInput Body { get; init; } = null!;

    /// BCP 47 tag of a known language: "it", "en-GB".
    public string Language { get; init; } = null!;

    /// Ids or slugs, in order: the first is the primary author. At least one.
    public List<string> Authors { get; init; } = null!;

    /// Ids, slugs or names; a name that looks like an existing tag's is that tag, another name creates a tag.
    public List<string>? Tags { get; init; }

    /// In article order.
    public List<CitationInput>? Citations { get; init; }

    public FeatureImageInput? FeatureImage { get; init; }

    public string? CanonicalUrl { get; init; }
}

public sealed class BodyInput
{
    /// The body in Markdown; raw HTML in it is not rendered.
    public string Markdown { get; init; } = null!;
}

public sealed class CitationInput
{
    /// Id or slug of the source the claim is attributed to.
    public string Source { get; init; } = null!;

    public string Claim { get; init; } = null!;

    /// The attribution verb or hedge: "according to", "said", "claimed", "alleged".
    public string? Attribution { get; init; }

    public string? Quote { get; init; }
    public string? Url { get; init; }
}

public sealed class FeatureImageInput
{
    public string Url { get; init; } = null!;
    public string? Alt { get; init; }
    public string? Caption { get; init; }
}

public sealed class ArticleInputRules : AbstractValidator<ArticleInput>
{
    public const int MaxMarkdownLength = 500_000;

    public ArticleInputRules()
    {
        RuleFor(x => x.Title).Text(300, required: true);
        RuleFor(x => x.Slug).SlugFormat();
        RuleFor(x => x.Subtitle).Text(500, required: false);
        RuleFor(x => x.Excerpt).Text(1000, required: false);
        RuleFor(x => x.Body).NotNull().ChildRules(body => body.RuleFor(b => b.Markdown).NotEmpty().MaximumLength(MaxMarkdownLength)
            .Custom((markdown, context) =>
            {
                if (ArticlesApi.Domain.ArticleBody.Problem(markdown) is { } problem)
                    context.AddFailure(problem);
            })
            .When(b => !string.IsNullOrEmpty(b.Markdown) && b.Markdown.Length <= MaxMarkdownLength, ApplyConditionTo.CurrentValidator));
        RuleFor(x => x.Language).NotEmpty().LanguageTag();
        RuleFor(x => x.Authors).NotEmpty().WithMessage("'authors' must name at least one author.")
            .MaxItems(20).WithMessage("At most 20 authors.");
        RuleForEach(x => x.Authors).NotEmpty().MaximumLength(ArticlesApi.Domain.Slug.MaxLength);
        RuleFor(x => x.Tags).MaxItems(50).WithMessage("At most 50 tags.");
        RuleForEach(x => x.Tags).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Citations).MaxItems(500).WithMessage("At most 500 citations.");
        RuleForEach(x => x.Citations).NotNull().ChildRules(c =>
        {
            c.RuleFor(x => x.Source).NotEmpty().MaximumLength(ArticlesApi.Domain.Slug.MaxLength);
            c.RuleFor(x => x.Claim).Text(2000, required: true);
            c.RuleFor(x => x.Attribution).Text(100, required: false);
            c.RuleFor(x => x.Quote).Text(2000, required: false);
            c.RuleFor(x => x.Url).AbsoluteHttpUrl();
        });
        RuleFor(x => x.FeatureImage!).ChildRules(image =>
        {
            image.RuleFor(x => x.Url).NotEmpty().AbsoluteHttpUrl();
            image.RuleFor(x => x.Alt).Text(500, required: false);
            image.RuleFor(x => x.Caption).Text(1000, required: false);
        }); // A child validator skips a null feature image: no `When`, so the document reads these rules.
        RuleFor(x => x.CanonicalUrl).AbsoluteHttpUrl();
    }
}
