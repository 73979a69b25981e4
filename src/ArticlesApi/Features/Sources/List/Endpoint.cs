using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features;
using ArticlesApi.Features.Sources;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;

namespace Sources.List;

sealed class Endpoint(ArticlesDb db, CursorCodec cursors) : Endpoint<NamedListRequest, ListResponse<SourceResponse>>
{
    public const string Scope = "sources";

    public override void Configure()
    {
        Get("/sources");
        Definition.Declare(ConditionalRead.PublicList);
        AllowAnonymous();
        Description(b => b
            .Produces<ListResponse<SourceResponse>>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304));
        Summary(s =>
        {
            s.Summary = "List sources";
            s.Description = "Who claims are attributed to: name, kind, URL, country, description and the number of published articles citing it. Those articles: `GET /api/v1/articles?source={slug}`. Sorted by name; keyset pagination with `limit`, `cursor` and `total`.";
            s.RequestParam(r => r.Limit!, "Page size, 1–100 (default 20).");
            s.RequestParam(r => r.Cursor!, "Opaque cursor from `meta.nextCursor`.");
            s.RequestParam(r => r.Total!, "`true` adds `meta.total`.");
            s.Responses[200] = "A page of sources, by name.";
            s.Responses[304] = "The page has not changed since the ETag given in If-None-Match.";
            s.Responses[400] = "A parameter is invalid; `errors` names it.";
        });
    }

    public override async Task HandleAsync(NamedListRequest r, CancellationToken ct)
    {
        NameCursor? after = null;
        if (!string.IsNullOrEmpty(r.Cursor) && !NamedResources.TryReadCursor<ArticlesApi.Domain.Source>(db, cursors, r.Cursor, Scope, out after))
            ThrowError(x => x.Cursor!, PageRules.BadCursor);

        var page = await NamedResources.PageAsync(db.Sources, SourceProjections.Public(await ScheduledPublication.DueIdsAsync(db, ct)), x => new NameCursor(x.Name, x.Id),
            r, after, cursors, Scope, HttpContext, ct);
        await Send.OkAsync(page, ct);
    }
}
