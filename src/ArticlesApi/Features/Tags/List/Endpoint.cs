using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.ReadyNamed;
using ArticlesApi.Features.Tags;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;

namespace Tags.List;

sealed class Endpoint(ReadyStatement ready, SiteLinks links, TimeProvider time, CursorCodec cursors) : Endpoint<NamedListRequest, ListResponse<TagResponse>>
{
    /// Leased when the query path answers: a read answered ready-made needs no context (ReadyStatement).
    ArticlesDb Db => field ??= Resolve<ArticlesDb>();

    public const string Scope = "tags";

    public override void Configure()
    {
        Get("/tags");
        Definition.Declare(ConditionalRead.PublicList);
        AllowAnonymous();
        Description(b => b
            .Produces<ListResponse<TagResponse>>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304));
        Summary(s =>
        {
            s.Summary = "List tags";
            s.Description = "Name, description and the number of published articles. Articles with a tag: `GET /api/v1/articles?tag={slug}`. Sorted by name, or by number of published articles with `sort`; keyset pagination with `limit`, `cursor` and `total`. "
                + "Without a key, only tags of at least one published article are listed (a tag that only drafts or articles scheduled for later "
                + "carry appears when the first of them is published); any key lists every tag.";
            s.RequestParam(r => r.Sort!, "`name` (default), `-articleCount` (most published articles first) or `articleCount` (fewest first); " +
                "equal names or counts in id order. A cursor is valid only with the sort that produced it.");
            s.RequestParam(r => r.Limit!, "Page size, 1–100 (default 20).");
            s.RequestParam(r => r.Cursor!, "Opaque cursor from `meta.nextCursor`.");
            s.RequestParam(r => r.Total!, "`true` adds `meta.total`.");
            s.Responses[200] = "A page of tags, in the order `sort` asks for.";
            s.Responses[304] = "The page has not changed since the ETag given in If-None-Match.";
            s.Responses[400] = "A parameter is invalid; `errors` names it.";
        });
    }

    public override async Task HandleAsync(NamedListRequest r, CancellationToken ct)
    {
        // The public list from the ready-made tags (Features/ReadyNamed); staff reads and what it does not serve below.
        if (await ReadyNamedLists.TrySendAsync<Tag, TagResponse>(HttpContext, ready, links, time, () => Db, cursors, ContentResource.Tag, r, Scope, ct))
            return;
        var due = await ScheduledPublication.DueIdsAsync(Db, ct);
        var page = await NamedResources.PageAsync(Db, ReadableTags.For(Db, User, due), TagProjections.Public(due), TagProjections.ArticleCount(due),
            r, cursors, Scope, HttpContext, ct);
        if (page is null)
            ThrowError(x => x.Cursor!, PageRules.BadCursor);
        await Send.OkAsync(page, ct);
    }
}
