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
        var authorKeys = input.Authors.Select(a => a.Trim()).ToList();
        var authors = await Lookup(db.Authors.Select(a => new Ref { Id = a.Id, Slug = a.Slug, Name = a.Name }), authorKeys, byName: false, ct);
        var authorIds = new List<Guid>();
        for (var i = 0; i < authorKeys.Count; i++)
        {
            if (Find(authors, authorKeys[i], byName: false) is not { } id)
                failures.Add(new ValidationFailure($"authors[{i}]", $"No author with id or slug '{authorKeys[i]}'."));
            else if (authorIds.Contains(id))
                failures.Add(new ValidationFailure($"authors[{i}]", $"The author '{authorKeys[i]}' is listed twice."));
            else
                authorIds.Add(id);
        }

        var tagKeys = (input.Tags ?? []).Select(t => t.Trim()).ToList();
        var tags = await Lookup(db.Tags.Select(t => new Ref { Id = t.Id, Slug = t.Slug, Name = t.Name }), tagKeys, byName: true, ct);
        var tagIds = new List<Guid>();
        var newTags = new List<Tag>();
        var slugsTakenHere = new HashSet<string>();
        for (var i = 0; i < tagKeys.Count; i++)
        {
            if (Find(tags, tagKeys[i], byName: true) is { } id)
            {
                if (!tagIds.Contains(id))
                    tagIds.Add(id);
            }
            else if (Guid.TryParse(tagKeys[i], out _))
                failures.Add(new ValidationFailure($"tags[{i}]", $"No tag with id '{tagKeys[i]}'."));
            else if (!newTags.Any(t => string.Equals(t.Name, tagKeys[i], StringComparison.OrdinalIgnoreCase)))
            {
                var slug = await Writes.FreeSlugAsync(db.Tags.Select(t => t.Slug), tagKeys[i], ct, slugsTakenHere);
                slugsTakenHere.Add(slug);
                newTags.Add(new Tag { Name = tagKeys[i], Slug = slug });
            }
        }

        var citations = input.Citations ?? [];
        var sourceKeys = citations.Select(c => c.Source.Trim()).ToList();
        var sources = await Lookup(db.Sources.Select(s => new Ref { Id = s.Id, Slug = s.Slug, Name = s.Name }), sourceKeys, byName: false, ct);
        var sourceIds = new List<Guid>();
        for (var i = 0; i < sourceKeys.Count; i++)
        {
            if (Find(sources, sourceKeys[i], byName: false) is { } id)
                sourceIds.Add(id);
            else
                failures.Add(new ValidationFailure($"citations[{i}].source", $"No source with id or slug '{sourceKeys[i]}'."));
        }

        return new ArticleReferences { AuthorIds = authorIds, TagIds = tagIds, NewTags = newTags, SourceIds = sourceIds };
    }

    /// Copies the editable fields and derives what is computed on write: HTML, text, excerpt, counts.
    public static void ApplyFields(Article article, ArticleInput input)
    {
        var body = ArticleBody.FromMarkdown(input.Body.Markdown);
        article.Title = input.Title.Trim();
        article.Subtitle = input.Subtitle;
        article.Body = body;
        article.Excerpt = string.IsNullOrWhiteSpace(input.Excerpt) ? body.DefaultExcerpt() : input.Excerpt.Trim();
        article.Language = Languages.Normalize(input.Language);
        article.WordCount = body.WordCount();
        article.ReadingTimeMinutes = body.ReadingTimeMinutes();
        article.FeatureImage = input.FeatureImage is { } image
            ? new FeatureImage { Url = image.Url, Alt = image.Alt, Caption = image.Caption }
            : null;
        article.CanonicalUrl = input.CanonicalUrl;
    }

    /// The rows that relate the article to its authors, tags and sources.
    public static void AddRelations(ArticlesDb db, Guid articleId, ArticleInput input, ArticleReferences refs)
    {
        db.ArticleAuthors.AddRange(refs.AuthorIds.Select((id, i) => new ArticleAuthor { ArticleId = articleId, AuthorId = id, Position = i }));
        db.Tags.AddRange(refs.NewTags);
        db.ArticleTags.AddRange(refs.TagIds.Select(id => new ArticleTag { ArticleId = articleId, TagId = id }));
        db.ArticleTags.AddRange(refs.NewTags.Select(t => new ArticleTag { ArticleId = articleId, Tag = t }));
        db.Citations.AddRange((input.Citations ?? []).Select((c, i) => new Citation
        {
            ArticleId = articleId, SourceId = refs.SourceIds[i], Claim = c.Claim, Attribution = c.Attribution,
            Quote = c.Quote, Url = c.Url, Position = i,
        }));
    }

    sealed class Ref
    {
        public required Guid Id { get; init; }
        public required string Slug { get; init; }
        public required string Name { get; init; }
    }

    static async Task<List<Ref>> Lookup(IQueryable<Ref> rows, List<string> keys, bool byName, CancellationToken ct)
    {
        if (keys.Count == 0)
            return [];
        var ids = keys.Select(k => Guid.TryParse(k, out var id) ? id : (Guid?)null).OfType<Guid>().ToList();
        var lowered = keys.Select(k => k.ToLowerInvariant()).ToList();
        return byName
            ? await rows.Where(r => ids.Contains(r.Id) || keys.Contains(r.Slug) || lowered.Contains(r.Name.ToLower())).ToListAsync(ct)
            : await rows.Where(r => ids.Contains(r.Id) || keys.Contains(r.Slug)).ToListAsync(ct);
    }

    static Guid? Find(List<Ref> rows, string key, bool byName)
    {
        var match = Guid.TryParse(key, out var id)
            ? rows.FirstOrDefault(r => r.Id == id)
            : rows.FirstOrDefault(r => r.Slug == key) ?? (byName ? rows.FirstOrDefault(r => string.Equals(r.Name, key, StringComparison.OrdinalIgnoreCase)) : null);
        return match?.Id;
    }
}
