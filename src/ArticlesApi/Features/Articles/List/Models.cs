using ArticlesApi.Infrastructure.OpenApiDocs;
using ArticlesApi.Infrastructure.Paging;
using ArticlesApi.Infrastructure.Validation;
using FastEndpoints;
using FluentValidation;

namespace Articles.List;

sealed class Request : PageRequest
{
    /// Full-text search, in the language of each article (websearch syntax: "exact phrase", -exclude, or).
    [QuerySchema(MaxLength = SearchLimits.MaxLength, Pattern = ArticleQuery.NoControlCharacters)]
    public string? Q { get; set; }

    /// Tag slugs; a comma list means any of them.
    [QuerySchema(Pattern = ArticleQuery.SlugListPattern)]
    public string? Tag { get; set; }

    /// Author slugs; a comma list means any of them.
    [QuerySchema(Pattern = ArticleQuery.SlugListPattern)]
    public string? Author { get; set; }

    /// Source slugs (articles citing the source); a comma list means any of them.
    [QuerySchema(Pattern = ArticleQuery.SlugListPattern)]
    public string? Source { get; set; }

    /// BCP 47 tag. A bare language (`pt`) also matches its regional variants (`pt-BR`).
    [QuerySchema(Pattern = ArticleQuery.LanguageFilterPattern, MaxLength = ArticleQuery.MaxLanguageLength)]
    public string? Language { get; set; }

    /// Published at or after this instant (ISO 8601 date or date-time; UTC when no offset).
    [QuerySchema(Pattern = ArticleQuery.InstantPattern)]
    public string? PublishedAfter { get; set; }

    /// Published strictly before this instant.
    [QuerySchema(Pattern = ArticleQuery.InstantPattern)]
    public string? PublishedBefore { get; set; }

    /// Last changed at or after this instant (RFC 3339 date-time): an app's "changes since".
    [QuerySchema(Format = "date-time")]
    public string? UpdatedAfter { get; set; }

    /// Last changed strictly before this instant (RFC 3339 date-time).
    [QuerySchema(Format = "date-time")]
    public string? UpdatedBefore { get; set; }

    /// `-publishedAt` (default), `publishedAt`, `-updatedAt`, `title`, `relevance` (default with `q`).
    [ArticlesApi.Infrastructure.OpenApiDocs.QuerySchema(Values = ["-publishedAt", "publishedAt", "-updatedAt", "title", "relevance"])]
    public string? Sort { get; set; }

    /// Comma list of `published` (default), `scheduled`, `draft`, `archived`, or `any`; with `trashed`, the trash (in those statuses,
    /// all when `trashed` is alone).
    /// Anything but `published` needs an API key that may see unpublished articles.
    [ArticlesApi.Infrastructure.OpenApiDocs.QuerySchema(Values = ["published", "scheduled", "draft", "archived", "any", "trashed"], CommaList = true)]
    public string? Status { get; set; }

    /// Type of work; a comma list means any of them.
    [QuerySchema(Values = ["news", "analysis", "opinion", "background", "factCheck", "sponsored"], CommaList = true)]
    public string? Kind { get; set; }

    /// `true`: only featured articles; `false`: only the others.
    [QuerySchema(Values = ["true", "false"])]
    public string? Featured { get; set; }

    /// An article's id or slug: the other articles of its translation group (the same story in other languages).
    public string? TranslationOf { get; set; }

    /// Comma list of `tag`, `author`, `language`, `source`: adds `meta.facets`, counts over the matches (Facets).
    [QuerySchema(Values = [List.Facets.Tag, List.Facets.Author, List.Facets.Language, List.Facets.Source], CommaList = true)]
    public string? Facets { get; set; }
}

sealed class Validator : Validator<Request>
{
    public Validator()
    {
        Include(new PageRules());
        RuleFor(r => r.Q).MaximumLength(SearchLimits.MaxLength)
            .WithMessage($"q must be at most {SearchLimits.MaxLength} characters.")
            .Must(q => q is null || !q.Any(c => char.IsControl(c) && !char.IsWhiteSpace(c)))
            .WithMessage("q must not contain control characters.")
            .Must(q => q is null || SearchLimits.WordsOf(q) <= SearchLimits.MaxWords)
            .WithMessage($"q may have at most {SearchLimits.MaxWords} words.")
            .Must(q => q is null || SearchLimits.OrsOf(q) <= SearchLimits.MaxOr)
            .WithMessage($"q may have at most {SearchLimits.MaxOr} `or` (three alternatives).");
        RuleFor(r => r.Tag).Must(ArticleQuery.IsSlugList)
            .WithMessage($"tag must be a slug or a comma list of up to {ArticleQuery.MaxSlugs} slugs.");
        RuleFor(r => r.Author).Must(ArticleQuery.IsSlugList)
            .WithMessage($"author must be a slug or a comma list of up to {ArticleQuery.MaxSlugs} slugs.");
        RuleFor(r => r.Source).Must(ArticleQuery.IsSlugList)
            .WithMessage($"source must be a slug or a comma list of up to {ArticleQuery.MaxSlugs} slugs.");
        RuleFor(r => r.Language).Must(ArticleQuery.IsLanguage)
            .WithMessage("language must be a known BCP 47 language tag, such as it, en or pt-BR.");
        RuleFor(r => r.PublishedAfter).Must(ArticleQuery.IsInstant)
            .WithMessage("publishedAfter must be an ISO 8601 date or date-time, such as 2024-11-12 or 2024-11-12T09:30:00Z.");
        RuleFor(r => r.PublishedBefore).Must(ArticleQuery.IsInstant)
            .WithMessage("publishedBefore must be an ISO 8601 date or date-time, such as 2024-11-12 or 2024-11-12T09:30:00Z.");
        RuleFor(r => r.UpdatedAfter).Must(Rfc3339.IsValid)
            .WithMessage($"updatedAfter must be an RFC 3339 date-time with an offset, such as {Rfc3339.Example}.");
        RuleFor(r => r.UpdatedBefore).Must(Rfc3339.IsValid)
            .WithMessage($"updatedBefore must be an RFC 3339 date-time with an offset, such as {Rfc3339.Example}.")
            .Must((r, before) => Rfc3339.Parse(r.UpdatedAfter) is not { } after || Rfc3339.Parse(before) is not { } end || after < end)
            .WithMessage("updatedBefore must be later than updatedAfter.");
        RuleFor(r => r.Status).Must(ArticleQuery.IsStatusList)
            .WithMessage("status must be a comma list of published, scheduled, draft, archived, any and trashed.");
        RuleFor(r => r.Kind).Must(ArticleQuery.IsKindList)
            .WithMessage("kind must be a comma list of news, analysis, opinion, background, factCheck and sponsored.");
        RuleFor(r => r.Featured).Must(v => PageRequest.TryParseFlag(v, out _))
            .WithMessage("featured must be true or false.");
        RuleFor(r => r.TranslationOf).Must(ArticleQuery.IsIdOrSlug)
            .WithMessage("translationOf must be an article's id (UUID) or slug.");
        RuleFor(r => r.Facets).Must(Facets.IsList)
            .WithMessage($"facets must be a comma list of {string.Join(", ", Facets.Names)}.");
        RuleFor(r => r.Sort).Must((r, sort) => ArticleQuery.IsSort(sort, !string.IsNullOrWhiteSpace(r.Q)))
            .WithMessage(r => string.IsNullOrWhiteSpace(r.Q) && r.Sort == "relevance"
                ? "sort=relevance needs q."
                : $"sort must be one of {ArticleQuery.SortNames}.");
    }
}
