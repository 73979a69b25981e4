using System.Text.Json;
using System.Text.Json.Serialization;
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

    /// Written by hand, or automatic (the first paragraph of the body) when not given or empty. An excerpt sent
    /// unchanged keeps its kind: sending back an automatic excerpt does not freeze it, it follows the body.
    public string? Excerpt { get; init; }

    /// Optional. `true` keeps the excerpt given as written even when it is the automatic one; `false` makes an
    /// unchanged excerpt automatic again. An edited excerpt is written whatever this says.
    public bool? ExcerptIsCustom { get; init; }

    public BodyInput Body { get; init; } = null!;

    /// BCP 47 tag of a known language: "it", "en-GB".
    public string Language { get; init; } = null!;

    /// Ids or slugs (or the author objects reads embed), in order: the first is the primary author. At least one.
    public List<Reference> Authors { get; init; } = null!;

    /// Ids, slugs or names (or the tag objects reads embed); a name that looks like an existing tag's is that
    /// tag, another name creates a tag.
    public List<TagReference>? Tags { get; init; }

    /// In article order.
    public List<CitationInput>? Citations { get; init; }

    public FeatureImageInput? FeatureImage { get; init; }

    public string? CanonicalUrl { get; init; }

    /// The type of work: `news`, `analysis`, `opinion`, `background`, `factCheck` or `sponsored`. Not given: `news` on POST,
    /// unchanged on PUT.
    public ArticlesApi.Domain.ArticleKind? Kind { get; init; }

    /// Picked for prominence. Not given: false on POST, unchanged on PUT.
    public bool? Featured { get; init; }

    /// Id or slug of another article telling the same story in another language: this article joins its translation
    /// group (one article per language in a group: 409 otherwise). Not given: no group on POST, unchanged on PUT;
    /// `null` on PUT takes the article out of its group.
    public string? TranslationOf
    {
        get => _translationOf;
        init
        {
            _translationOf = value;
            TranslationOfGiven = true;
        }
    }

    string? _translationOf;

    /// Whether the body has `translationOf`, even null (PUT: null leaves the group, absent keeps it).
    [JsonIgnore]
    public bool TranslationOfGiven { get; private set; }

    /// Search and social metadata; members left out or empty fall back to the title, excerpt and feature image (in
    /// `structuredData` and feeds). A PUT without `seo` clears it.
    public SeoInput? Seo { get; init; }
}

public sealed class SeoInput
{
    /// The title search engines show (`<title>`), up to 70 characters.
    public string? MetaTitle { get; init; }

    /// The description search engines show (`<meta name="description">`), up to 160 characters.
    public string? MetaDescription { get; init; }

    /// The image of social cards (`og:image`): an absolute http(s) URL.
    public string? OgImage { get; init; }
}

public sealed class BodyInput
{
    /// The body in Markdown; raw HTML in it is not rendered. A YouTube or Vimeo link alone on its own line renders as
    /// the provider's sandboxed player (Embeds:Providers).
    public string Markdown { get; init; } = null!;

    /// Read-only, derived from `markdown`: accepted so that a body read can be sent back. On PUT it must be the
    /// current HTML or the rendering of `markdown` (400 otherwise: edit `markdown`); on POST it is ignored.
    public string? Html { get; init; }

    /// Read-only, derived from `markdown`, checked as `html` is.
    public string? Text { get; init; }
}

public sealed class CitationInput
{
    /// Id or slug of the source the claim is attributed to (or the source object reads embed).
    public Reference Source { get; init; } = null!;

    public string Claim { get; init; } = null!;

    /// The attribution verb or hedge: "according to", "said", "claimed", "alleged".
    public string? Attribution { get; init; }

    public string? Quote { get; init; }
    public string? Url { get; init; }

    /// Read-only, ignored: citations are numbered in the order given.
    public int? Position { get; init; }
}

/// Either a media item of the library (`media`: its id; its alt text, caption and credit unless given here) or an image
/// elsewhere (`url`). With `media`, a `url` (as reads return it) is ignored.
public sealed class FeatureImageInput
{
    /// Without `media`: the picture's absolute http or https URL (required). With `media`: ignored (a read's `url` can be
    /// sent back).
    public string? Url { get; init; }

    /// The id of a media item (GET /api/v1/media); 400 naming `featureImage.media` when there is none.
    public Guid? Media { get; init; }

    public string? Alt { get; init; }
    public string? Caption { get; init; }

    /// Who made the picture, as it should be printed.
    public string? Credit { get; init; }

    /// Read-only, ignored (a read's `featureImage` can be sent back): a media item's type, size, renditions and placeholder.
    public string? ContentType { get; init; }

    /// Read-only, ignored.
    public long? Bytes { get; init; }

    /// Read-only, ignored.
    public int? Width { get; init; }

    /// Read-only, ignored.
    public int? Height { get; init; }

    /// Read-only, ignored.
    public List<FeatureImageRendition>? Renditions { get; init; }

    /// Read-only, ignored.
    public string? Placeholder { get; init; }
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
        RuleForEach(x => x.Authors).NotNull().Must(r => r.Key.Length is > 0 and <= ArticlesApi.Domain.Slug.MaxLength)
            .WithMessage(Reference.Rule);
        RuleFor(x => x.Tags).MaxItems(50).WithMessage("At most 50 tags.");
        RuleForEach(x => x.Tags).NotNull().Must(r => r.Key.Length is > 0 and <= 100).WithMessage(TagReference.Rule);
        RuleFor(x => x.Citations).MaxItems(500).WithMessage("At most 500 citations.");
        RuleForEach(x => x.Citations).NotNull().ChildRules(c =>
        {
            c.RuleFor(x => x.Source).NotNull().Must(r => r.Key.Length is > 0 and <= ArticlesApi.Domain.Slug.MaxLength)
                .WithMessage(Reference.Rule);
            c.RuleFor(x => x.Claim).Text(2000, required: true);
            c.RuleFor(x => x.Attribution).Text(100, required: false);
            c.RuleFor(x => x.Quote).Text(2000, required: false);
            c.RuleFor(x => x.Url).AbsoluteHttpUrl();
        });
        RuleFor(x => x.FeatureImage).Must(image => image!.Media is not null || !string.IsNullOrEmpty(image.Url)).When(x => x.FeatureImage is not null)
            .WithMessage("Give 'media' (a media item's id) or 'url' (an image elsewhere).");
        RuleFor(x => x.FeatureImage!).ChildRules(image =>
        {
            // A read's url of a media item may be sent back with its `media`: ignored then.
            image.RuleFor(x => x.Url).AbsoluteHttpUrl().When(x => x.Media is null);
            image.RuleFor(x => x.Alt).Text(500, required: false);
            image.RuleFor(x => x.Caption).Text(1000, required: false);
            image.RuleFor(x => x.Credit).Text(ArticlesApi.Domain.MediaItem.MaxCreditLength, required: false);
        }); // A child validator skips a null feature image: no `When`, so the document reads these rules.
        RuleFor(x => x.CanonicalUrl).AbsoluteHttpUrl();
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.TranslationOf).Must(r => r!.Length is > 0 and <= ArticlesApi.Domain.Slug.MaxLength).When(x => x.TranslationOf is not null)
            .WithMessage("Give the id or slug of the article this one translates (or null to leave its translation group).");

        RuleFor(x => x.Seo!).ChildRules(seo =>
        {
            seo.RuleFor(x => x.MetaTitle).Text(ArticlesApi.Domain.ArticleSeo.MaxMetaTitleLength, required: false);
            seo.RuleFor(x => x.MetaDescription).Text(ArticlesApi.Domain.ArticleSeo.MaxMetaDescriptionLength, required: false);
            seo.RuleFor(x => x.OgImage).AbsoluteHttpUrl();
        });
        RuleFor(x => x.Excerpt).NotEmpty().When(x => x.ExcerptIsCustom == true)
            .WithMessage("'excerptIsCustom' is true: give the excerpt, or leave it out for an automatic one.");
    }
}

/// PUT's body: the editable fields, and the members that only reads write, so that an article read with GET
/// can be sent back as it is. Most are ignored; those that a client could believe it changes by editing them are
/// checked (ArticleWriter.CheckReadOnly). Any other member still answers 400.
public class ArticleReplacementInput : ArticleInput
{
    /// Read-only: when given, the id of the article being replaced (400 otherwise).
    public Guid? Id { get; init; }

    /// Read-only: when given, the article's current status (400 otherwise: status changes through POST …/publish and …/unpublish).
    public ArticlesApi.Domain.ArticleStatus? Status { get; init; }

    /// Read-only: when given, the current publishedAt (400 otherwise: it changes through POST …/publish).
    public DateTimeOffset? PublishedAt { get; init; }

    /// Read-only, ignored: made from the site's `articleUrlTemplate`.
    public string? Url { get; init; }

    /// Read-only, ignored.
    public DateTimeOffset? CreatedAt { get; init; }

    /// Read-only, ignored (If-Match says which version is replaced).
    public DateTimeOffset? UpdatedAt { get; init; }

    /// Read-only, ignored: computed from the body.
    public int? WordCount { get; init; }

    /// Read-only, ignored: computed from the body.
    public int? ReadingTimeMinutes { get; init; }

    /// Read-only, ignored: made from the rest of the article.
    public Dictionary<string, JsonElement>? StructuredData { get; init; }

    /// Read-only, ignored: `citations` grouped by source.
    public List<JsonElement>? CitationsBySource { get; init; }

    /// Read-only, ignored: the first of `tags`.
    public Dictionary<string, JsonElement>? PrimaryTag { get; init; }

    /// Read-only, ignored: the translation group changes through `translationOf`.
    public List<JsonElement>? Translations { get; init; }

    /// Read-only, ignored: corrections are appended with POST …/corrections, never edited.
    public List<JsonElement>? Corrections { get; init; }

    /// Read-only, ignored: the first retraction among `corrections`.
    public CorrectionResponse? Retraction { get; init; }
}

/// An author or source named by id or slug: a string, or the summary object reads embed (`id` is used, else
/// `slug`; `name`, `avatarUrl`, `kind`, `url` and `websiteUrl` are read-only and ignored; any other member is refused).
[JsonConverter(typeof(ReferenceConverter<Reference>))]
public sealed class Reference : IReference
{
    public const string Rule = "Give an id or slug, or an object with `id` or `slug`.";
    public string Key { get; init; } = "";
    public static bool NameIsKey => false;
    public static Reference Of(string key) => new() { Key = key };
    public static implicit operator Reference(string key) => Of(key);
}

/// A tag named by id, slug or name: a string, or the summary object reads embed (`id`, else `slug`, else `name`).
[JsonConverter(typeof(ReferenceConverter<TagReference>))]
public sealed class TagReference : IReference
{
    public const string Rule = "Give an id, slug or name (up to 100 characters), or an object with `id`, `slug` or `name`.";
    public string Key { get; init; } = "";
    public static bool NameIsKey => true;
    public static TagReference Of(string key) => new() { Key = key };
    public static implicit operator TagReference(string key) => Of(key);
}

public interface IReference
{
    string Key { get; }
    static abstract bool NameIsKey { get; }
}

/// A reference as a string or as a summary object. Writes the key (request examples).
public sealed class ReferenceConverter<T> : JsonConverter<T> where T : class, IReference
{
    /// The members of the summaries reads embed (AuthorSummary, TagSummary, SourceSummary) that only reads write.
    static readonly HashSet<string> ReadOnlyMembers = ["name", "avatarUrl", "kind", "url", "websiteUrl"];

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return Make(Text(ref reader)!);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException();
        string? id = null, slug = null, name = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.GetString()!;
            reader.Read();
            switch (member)
            {
                case "id": id = Text(ref reader); break;
                case "slug": slug = Text(ref reader); break;
                case "name" when T.NameIsKey: name = Text(ref reader); break;
                default:
                    if (!ReadOnlyMembers.Contains(member))
                        throw new JsonException($"The JSON property '{member}' could not be mapped to any .NET member contained in type reference.")
                        {
                            Data = { ["member"] = member },
                        };
                    // The whole value was read ahead before this converter was called: TrySkip (Skip refuses a partial buffer) succeeds.
                    if (!reader.TrySkip())
                        throw new JsonException();
                    break;
            }
        }
        return Make(id ?? slug ?? name ?? "");
    }

    static string? Text(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString() is { } text && text.Contains('\0')
                ? throw new JsonException(ArticlesApi.Infrastructure.Http.TextWithoutNulConverter.Reason) : reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException(),
        };

    static T Make(string key) => (T)(object)(typeof(T) == typeof(TagReference) ? TagReference.Of(key) : Reference.Of(key));

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Key);
}
