using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features;
using ArticlesApi.Features.Authors;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;

namespace Authors.List;

sealed class Endpoint(ArticlesDb db, CursorCodec cursors) : Endpoint<NamedListRequest, ListResponse<AuthorResponse>>
{
    public const string Scope = "authors";

    public override void Configure()
    {
        Get("/authors");
        Definition.Declare(ConditionalRead.PublicList);
        AllowAnonymous();
        Description(b => b
            .Produces<ListResponse<AuthorResponse>>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304));
        Summary(s =>
        {
            s.Summary = "List authors";
            s.Description = "Name, bio, avatar, links and the number of published articles (the email is private). Articles by an author: `GET /api/v1/articles?author={slug}`. Sorted by name; keyset pagination with `limit`, `cursor` and `total`.";
            s.RequestParam(r => r.Limit!, "Page size, 1–100 (default 20).");
            s.RequestParam(r => r.Cursor!, "Opaque cursor from `meta.nextCursor`.");
            s.RequestParam(r => r.Total!, "`true` adds `meta.total`.");
            s.Responses[200] = "A page of authors, by name.";
            s.Responses[304] = "The page has not changed since the ETag given in If-None-Match.";
            s.Responses[400] = "A parameter is invalid; `errors` names it.";
        });
    }

    public override async Task HandleAsync(NamedListRequest r, CancellationToken ct)
    {
        NameCursor? after = null;
        if (!string.IsNullOrEmpty(r.Cursor) && !NamedResources.TryReadCursor<Author>(db, cursors, r.Cursor, Scope, out after))
            ThrowError(x => x.Cursor!, PageRules.BadCursor);

        var page = await NamedResources.PageAsync(db.Authors, AuthorProjections.For(ArticleViewer.Of(User), await ScheduledPublication.DueIdsAsync(db, ct)), x => new NameCursor(x.Name, x.Id),
            r, after, cursors, Scope, HttpContext, ct);
        await Send.OkAsync(page, ct);
    }
}
