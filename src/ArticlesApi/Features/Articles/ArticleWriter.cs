using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Validation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Features.Articles;

/// The references of an article write, all resolved before anything is written: an unknown one
/// anywhere means nothing is written at all.
public sealed class ArticleReferences
{
    public required List<Guid> AuthorIds { get; init; }

    /// Existing tags by id, and tags to create (unknown names).
    public required List<Guid> TagIds { get; init; }

    /// Every tag's id (new tags' too), in the order given: the first is the primary tag.
    public required List<Guid> OrderedTagIds { get; init; }
    public required List<Tag> NewTags { get; init; }

    /// One per citation, in order.
    public required List<Guid> SourceIds { get; init; }
}

public static class ArticleWriter
{
    /// Resolves authors (ids or slugs), tags (ids, slugs or names) and citation sources (ids or
    /// slugs); each unknown one adds a failure naming its field, e.g. `authors[1]`, `citations[2].source`.
    public static async Task<ArticleReferences> ResolveAsync(ArticlesDb db, ArticleInput input, List<ValidationFailure> failures, CancellationToken ct)
    {
        var authorKeys = input.Authors.Select(a => a.Key.Trim()).ToList();
        var authors = await Lookup(db.Authors.Select(a => new Ref { Id = a.Id, Slug = a.Slug }), authorKeys, ct);
        var authorIds = new List<Guid>();
        for (var i = 0; i < authorKeys.Count; i++)
        {
            if (Find(authors, authorKeys[i]) is not { } id)
                failures.Add(new ValidationFailure($"authors[{i}]", $"No author with id or slug '{authorKeys[i]}'."));
            else if (authorIds.Contains(id))
                failures.Add(new ValidationFailure($"authors[{i}]", $"The author '{authorKeys[i]}' is listed twice."));
            else
                authorIds.Add(id);
        }

        var (tagIds, newTags, orderedTagIds) = await ResolveTagsAsync(db, (input.Tags ?? []).Select(t => t.Key.Trim()).ToList(), failures, ct);

        var citations = input.Citations ?? [];
        var sourceKeys = citations.Select(c => c.Source.Key.Trim()).ToList();
        var sources = await Lookup(db.Sources.Select(s => new Ref { Id = s.Id, Slug = s.Slug }), sourceKeys, ct);
        var sourceIds = new List<Guid>();
        for (var i = 0; i < sourceKeys.Count; i++)
        {
            if (Find(sources, sourceKeys[i]) is { } id)
                sourceIds.Add(id);
            else
                failures.Add(new ValidationFailure($"citations[{i}].source", $"No source with id or slug '{sourceKeys[i]}'."));
        }

        return new ArticleReferences { AuthorIds = authorIds, TagIds = tagIds, NewTags = newTags, OrderedTagIds = orderedTagIds, SourceIds = sourceIds };
    }

    /// Copies the editable fields and derives what is computed on write: HTML, text, excerpt, counts.
    /// `replacing`: the article holds its current fields (PUT), against which an excerpt counts as edited or not.
    public static void ApplyFields(Article article, ArticleInput input, bool replacing, BodyContext context)
    {
        var body = ArticleBody.FromMarkdown(input.Body.Markdown, context);
        article.Title = input.Title.Trim();
        article.Subtitle = input.Subtitle;
        article.Body = body;
        (article.Excerpt, article.ExcerptIsCustom) = Excerpt(article, input, replacing, body);
        article.Language = Languages.Normalize(input.Language);
        article.WordCount = body.WordCount();
        article.ReadingTimeMinutes = body.ReadingTimeMinutes();
        article.FeatureImage = input.FeatureImage is { } image ? FeatureImageOf(image, context) : null;
        article.CanonicalUrl = input.CanonicalUrl;
        article.Kind = input.Kind ?? (replacing ? article.Kind : ArticleKind.News);
        article.Featured = input.Featured ?? (replacing && article.Featured);
        article.Seo = new ArticleSeo
        {
            MetaTitle = Given(input.Seo?.MetaTitle),
            MetaDescription = Given(input.Seo?.MetaDescription),
            OgImage = Given(input.Seo?.OgImage),
        };
    }

    /// By media id (ArticleMedia loaded it into the context): the item's URL, size, renditions and placeholder, and its
    /// alt text, caption and credit unless the input gives them.
    public static FeatureImage FeatureImageOf(FeatureImageInput image, BodyContext context) =>
        image.Media is { } id && context.Media.TryGetValue(id, out var media)
            ? new FeatureImage
            {
                Url = media.Url, MediaId = id, MediaDetails = FeatureImageDetails.Of(media),
                Alt = Given(image.Alt) ?? media.Alt, Caption = Given(image.Caption) ?? media.Caption, Credit = Given(image.Credit) ?? media.Credit,
            }
            : new FeatureImage { Url = image.Url!, Alt = image.Alt, Caption = image.Caption, Credit = Given(image.Credit) };

    static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// Written or automatic: none given is automatic; one edited (not the current excerpt) is written; one sent back
    /// unchanged keeps its kind unless `excerptIsCustom` says otherwise. So an automatic excerpt read and sent back
    /// with the rest of the article still follows the body.
    static (string Excerpt, bool IsCustom) Excerpt(Article current, ArticleInput input, bool replacing, ArticleBody body)
    {
        var given = input.Excerpt?.Trim();
        if (string.IsNullOrEmpty(given))
            return (body.DefaultExcerpt(), false);
        var custom = replacing && given != current.Excerpt || (input.ExcerptIsCustom ?? (!replacing || current.ExcerptIsCustom));
        return custom ? (given, true) : (body.DefaultExcerpt(), false);
    }

    /// The read-only members of a PUT body (the article as GET answers it) that a client could believe it changes by
    /// editing them: each must be left out or hold its current value; a different one adds a failure naming it.
    /// The others (counts, dates, citationsBySource, positions, summaries' names) are ignored.
    public static void CheckReadOnly(ArticleReplacementInput input, ArticleResponse current, Article written, List<ValidationFailure> failures)
    {
        if (input.Id is { } id && id != current.Id)
            failures.Add(new ValidationFailure("id", $"This body names the article '{id}', not '{current.Id}' which is being replaced."));
        if (input.Status is { } status && status != current.Status)
            failures.Add(new ValidationFailure("status",
                "status is read-only here: it changes through POST /articles/{id}/publish and /unpublish (and DELETE for the trash)."));
        if (input.PublishedAt is { } at && at.UtcDateTime != current.PublishedAt)
            failures.Add(new ValidationFailure("publishedAt", "publishedAt is read-only here: it changes through POST /articles/{id}/publish."));
        if (input.Body.Html is { } html && html != current.Body.Html && html != written.Body.Html)
            failures.Add(new ValidationFailure("body.html", "body.html is derived from body.markdown: edit the Markdown (or leave html out)."));
        if (input.Body.Text is { } text && text != current.Body.Text && text != written.Body.Text)
            failures.Add(new ValidationFailure("body.text", "body.text is derived from body.markdown: edit the Markdown (or leave text out)."));
    }

    /// The rows that relate the article to its authors, tags and sources.
    public static void AddRelations(ArticlesDb db, Guid articleId, ArticleInput input, ArticleReferences refs)
    {
        AddAuthors(db, articleId, refs);
        AddTags(db, articleId, refs);
        AddCitations(db, articleId, input, refs);
    }

    /// A replacement's relations: each kind (authors, tags, citations) is deleted and written again only when the input's
    /// rows differ from the stored ones. Rewriting unchanged rows changed nothing a reader sees but cost ~15 ms of database
    /// CPU a write (their stored-count and ready-made triggers, ADR 0045 "writecost"). Run after the article row is saved:
    /// its row lock keeps the rows compared here from changing before the commit.
    public static async Task ReplaceRelationsAsync(ArticlesDb db, Guid articleId, ArticleInput input, ArticleReferences refs, CancellationToken ct)
    {
        var authors = await db.ArticleAuthors.Where(x => x.ArticleId == articleId).OrderBy(x => x.Position)
            .Select(x => new { x.AuthorId, x.Position }).ToListAsync(ct);
        if (!authors.SequenceEqual(refs.AuthorIds.Select((id, i) => new { AuthorId = id, Position = i })))
        {
            await db.ArticleAuthors.Where(x => x.ArticleId == articleId).ExecuteDeleteAsync(ct);
            AddAuthors(db, articleId, refs);
        }
        var tags = await db.ArticleTags.Where(x => x.ArticleId == articleId).OrderBy(x => x.Position).ThenBy(x => x.TagId)
            .Select(x => new { x.TagId, x.Position }).ToListAsync(ct);
        if (refs.NewTags.Count > 0 || !tags.SequenceEqual(refs.OrderedTagIds.Select((id, i) => new { TagId = id, Position = i })))
        {
            await db.ArticleTags.Where(x => x.ArticleId == articleId).ExecuteDeleteAsync(ct);
            AddTags(db, articleId, refs);
        }
        var citations = await db.Citations.Where(x => x.ArticleId == articleId).OrderBy(x => x.Position)
            .Select(c => new { c.SourceId, c.Claim, c.Attribution, c.Quote, c.Url, c.Position }).ToListAsync(ct);
        if (!citations.SequenceEqual((input.Citations ?? []).Select((c, i) => new
                { SourceId = refs.SourceIds[i], c.Claim, c.Attribution, c.Quote, c.Url, Position = i })))
        {
            await db.Citations.Where(x => x.ArticleId == articleId).ExecuteDeleteAsync(ct);
            AddCitations(db, articleId, input, refs);
        }
    }

    static void AddAuthors(ArticlesDb db, Guid articleId, ArticleReferences refs) =>
        db.ArticleAuthors.AddRange(refs.AuthorIds.Select((id, i) => new ArticleAuthor { ArticleId = articleId, AuthorId = id, Position = i }));

    static void AddTags(ArticlesDb db, Guid articleId, ArticleReferences refs)
    {
        db.Tags.AddRange(refs.NewTags);
        db.ArticleTags.AddRange(refs.OrderedTagIds.Select((id, i) => new ArticleTag { ArticleId = articleId, TagId = id, Position = i }));
    }

    static void AddCitations(ArticlesDb db, Guid articleId, ArticleInput input, ArticleReferences refs) =>
        db.Citations.AddRange((input.Citations ?? []).Select((c, i) => new Citation
        {
            ArticleId = articleId, SourceId = refs.SourceIds[i], Claim = c.Claim, Attribution = c.Attribution,
            Quote = c.Quote, Url = c.Url, Position = i,
        }));

    /// Tags by id, slug or name; a name that looks like an existing tag's (same TagNames key: "Сina" with
    /// a Cyrillic С for "Cina", "ESTERI" for "Esteri"), or like one of its translated names ("World" for "Esteri"), is that tag. Other names are new tags, created
    /// with the article: tags of drafts stay out of public reads until an article with them is public.
    static async Task<(List<Guid> Ids, List<Tag> New, List<Guid> Ordered)> ResolveTagsAsync(ArticlesDb db, List<string> given,
        List<ValidationFailure> failures, CancellationToken ct)
    {
        var ids = new List<Guid>();
        var ordered = new List<Guid>();
        var newTags = new List<(Tag Tag, string Key)>();
        if (given.Count == 0)
            return (ids, [], ordered);
        var uuids = given.Select(k => Guid.TryParse(k, out var id) ? id : (Guid?)null).OfType<Guid>().ToList();
        var names = given.Where(k => !Guid.TryParse(k, out _)).Distinct().ToList();
        var keyOf = names.Zip(await TagNames.KeysAsync(db, names, ct)).ToDictionary(x => x.First, x => x.Second);
        var nameKeys = keyOf.Values.Distinct().ToList();
        var found = await db.Tags
            .Where(t => uuids.Contains(t.Id) || names.Contains(t.Slug) || nameKeys.Contains(TagNames.Key(t.Name))
                || t.Translations.Any(x => nameKeys.Contains(TagNames.Key(x.Name))))
            .Select(t => new { t.Id, t.Slug, Key = TagNames.Key(t.Name), TranslatedKeys = t.Translations.Select(x => TagNames.Key(x.Name)).ToList() })
            .ToListAsync(ct);

        var slugsTakenHere = new HashSet<string>();
        for (var i = 0; i < given.Count; i++)
        {
            var value = given[i];
            var isId = Guid.TryParse(value, out var id);
            var match = isId
                ? found.FirstOrDefault(t => t.Id == id)
                : found.FirstOrDefault(t => t.Slug == value) ?? found.FirstOrDefault(t => t.Key == keyOf[value])
                  ?? found.FirstOrDefault(t => t.TranslatedKeys.Contains(keyOf[value]));
            if (match is not null)
            {
                if (!ids.Contains(match.Id))
                {
                    ids.Add(match.Id);
                    ordered.Add(match.Id);
                }
            }
            else if (isId)
                failures.Add(new ValidationFailure($"tags[{i}]", $"No tag with id '{value}'."));
            else if (!newTags.Any(t => t.Key == keyOf[value]))
            {
                var slug = await Writes.FreeSlugAsync(db.Tags.Select(t => t.Slug), value, ct, slugsTakenHere);
                slugsTakenHere.Add(slug);
                var tag = new Tag { Name = value, Slug = slug };
                newTags.Add((tag, keyOf[value]));
                ordered.Add(tag.Id);
            }
        }
        return (ids, newTags.Select(t => t.Tag).ToList(), ordered);
    }

    sealed class Ref
    {
        public required Guid Id { get; init; }
        public required string Slug { get; init; }
    }

    /// Ids and slugs: a key that reads as a UUID is only ever an id (no slug is shaped like one).
    static async Task<List<Ref>> Lookup(IQueryable<Ref> rows, List<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
            return [];
        var ids = keys.Select(k => Guid.TryParse(k, out var id) ? id : (Guid?)null).OfType<Guid>().ToList();
        var slugs = keys.Where(k => !Guid.TryParse(k, out _)).ToList();
        return await rows.Where(r => ids.Contains(r.Id) || slugs.Contains(r.Slug)).ToListAsync(ct);
    }

    static Guid? Find(List<Ref> rows, string key) =>
        (Guid.TryParse(key, out var id) ? rows.FirstOrDefault(r => r.Id == id) : rows.FirstOrDefault(r => r.Slug == key))?.Id;
}
