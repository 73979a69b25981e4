using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Revisions;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Articles.Revisions.Diff;

sealed class Request
{
    /// The article's id (UUID) or slug.
    public string IdOrSlug { get; set; } = "";

    /// The revision to compare (the newer side).
    public int Number { get; set; }

    /// The revision to compare it with (the older side); default: the one before `number`. For revision 1 without it,
    /// everything reads as inserted.
    [QueryParam]
    public int? Against { get; set; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Against).GreaterThanOrEqualTo(1).When(r => r.Against is not null);
}

/// Line by line, as DiffPlex's inline diff gives it.
public sealed class DiffLine
{
    /// `unchanged`, `inserted` or `deleted`.
    public required string Kind { get; init; }
    public required string Text { get; init; }
}

public sealed class FieldDiff
{
    /// `title`, `markdown`, `citations`, `authors`, `tags` (in their order: the first is the primary tag), `kind`, `featured`,
    /// `seo` (one line per member set) or `translationGroup` (the group's id; empty when none).
    public required string Field { get; init; }
    public required bool Changed { get; init; }

    /// Every line of the field, marked; empty when unchanged. Authors, tags and sources read `slug (id)`, or `deleted (id)`.
    public required List<DiffLine> Lines { get; init; }
}

public sealed class RevisionDiff
{
    /// The older revision; null when revision 1 is compared with nothing.
    public int? From { get; init; }
    public required int To { get; init; }
    public required List<FieldDiff> Fields { get; init; }
}

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, RevisionDiff>
{
    static readonly InlineDiffBuilder Builder = new(new Differ());

    public override void Configure()
    {
        Get("/articles/{idOrSlug}/revisions/{number}/diff");
        Definition.Declare(ConditionalRead.Private);
        Roles(RoleNames.Writers);
        Description(b => b.Produces<RevisionDiff>(200, "application/json").Produces(304).ProducesProblems(400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Compare two revisions of an article (those who may edit it)";
            s.RequestExamples.Add(new(ArticleExamples.RevisionDiff));
            s.Description = "Line by line (DiffPlex): the title, the body's Markdown, the citations (one line each: source, claim, "
                + "attribution, quote, URL), the authors and tags in order, the kind, featured, seo and the translation group. `against` is the older side (default: the revision before).";
            s.Responses[200] = "The differences, field by field.";
            s.Responses[400] = "`against` is not a revision number.";
            s.Responses[403] = "The key may not edit this (public) article.";
            s.Responses[404] = "No such article, or no such revision (either side), or not one this key may see.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var (article, refused) = await ArticleRevisionReads.EditableAsync(db, Caller.From(User), req.IdOrSlug, ct);
        if (refused is not null)
        {
            await Send.RefusalAsync(refused);
            return;
        }
        var against = req.Against ?? (req.Number > 1 ? req.Number - 1 : null);
        var newer = await ArticleRevisionReads.FindAsync(db, article!.Id, req.Number, ct);
        var older = against is { } n ? await ArticleRevisionReads.FindAsync(db, article.Id, n, ct) : null;
        if (newer is null || (against is not null && older is null))
        {
            await HttpContext.Response.SendResultAsync(Problems.NotFound(
                ArticleRevisionReads.NoSuchRevision(req.IdOrSlug, newer is null ? req.Number : against!.Value)));
            return;
        }
        var to = ArticleRevisionReads.ArticleOf(newer.Snapshot);
        var from = older is null ? null : ArticleRevisionReads.ArticleOf(older.Snapshot);
        var names = await NamesAsync(from, to, ct);
        string Name(Guid id) => names.TryGetValue(id, out var slug) ? $"{slug} ({id})" : $"deleted ({id})";
        await Send.OkAsync(new RevisionDiff
        {
            From = older?.Number,
            To = newer.Number,
            Fields =
            [
                Field("title", from?.Title, to.Title),
                Field("markdown", from?.Markdown, to.Markdown),
                Field("citations", from is null ? null : Citations(from, Name), Citations(to, Name)),
                Field("authors", from is null ? null : Lines(from.Authors.Select(Name)), Lines(to.Authors.Select(Name))),
                Field("tags", from is null ? null : Lines(from.Tags.Select(Name)), Lines(to.Tags.Select(Name))),
                Field("kind", from is null ? null : Curation(from, KindOf), Curation(to, KindOf)),
                Field("featured", from is null ? null : Curation(from, a => a.Featured == true ? "true" : "false"),
                    Curation(to, a => a.Featured == true ? "true" : "false")),
                Field("seo", from is null ? null : Curation(from, Seo), Curation(to, Seo)),
                Field("translationGroup", from is null ? null : Curation(from, a => a.TranslationGroup?.ToString() ?? ""),
                    Curation(to, a => a.TranslationGroup?.ToString() ?? "")),
            ],
        }, ct);
    }

    static FieldDiff Field(string field, string? older, string newer)
    {
        var changed = older != newer;
        return new FieldDiff
        {
            Field = field,
            Changed = changed,
            Lines = !changed ? [] : Builder.BuildDiffModel(older ?? "", newer, ignoreWhitespace: false).Lines
                .Select(l => new DiffLine
                {
                    Kind = l.Type switch { ChangeType.Inserted => "inserted", ChangeType.Deleted => "deleted", _ => "unchanged" },
                    Text = l.Text,
                })
                .ToList(),
        };
    }

    static string Lines(IEnumerable<string> lines) => string.Join('\n', lines);

    /// A member revisions recorded only from a point on: empty in the older ones.
    static string Curation(RevisionArticle a, Func<RevisionArticle, string> member) => a.RecordsCuration ? member(a) : "";

    static string KindOf(RevisionArticle a) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(a.Kind!.Value.ToString());

    static string Seo(RevisionArticle a) =>
        Lines(new[] { ("metaTitle", a.Seo?.MetaTitle), ("metaDescription", a.Seo?.MetaDescription), ("ogImage", a.Seo?.OgImage) }
            .Where(x => x.Item2 is not null).Select(x => $"{x.Item1}: {x.Item2}"));

    static string Citations(RevisionArticle a, Func<Guid, string> name) =>
        Lines(a.Citations.Select(c => string.Join(" | ", new[] { name(c.Source), c.Claim, c.Attribution, c.Quote, c.Url }.Where(x => x is not null))));

    /// Current slugs of the authors, tags and sources either side names (those deleted since are missing).
    async Task<Dictionary<Guid, string>> NamesAsync(RevisionArticle? from, RevisionArticle to, CancellationToken ct)
    {
        var sides = from is null ? [to] : new[] { from, to };
        var authors = sides.SelectMany(a => a.Authors).Distinct().ToList();
        var tags = sides.SelectMany(a => a.Tags).Distinct().ToList();
        var sources = sides.SelectMany(a => a.Citations.Select(c => c.Source)).Distinct().ToList();
        var names = new Dictionary<Guid, string>();
        foreach (var x in await db.Authors.Where(a => authors.Contains(a.Id)).Select(a => new { a.Id, a.Slug }).ToListAsync(ct))
            names[x.Id] = x.Slug;
        foreach (var x in await db.Tags.Where(t => tags.Contains(t.Id)).Select(t => new { t.Id, t.Slug }).ToListAsync(ct))
            names[x.Id] = x.Slug;
        foreach (var x in await db.Sources.Where(s => sources.Contains(s.Id)).Select(s => new { s.Id, s.Slug }).ToListAsync(ct))
            names[x.Id] = x.Slug;
        return names;
    }
}
