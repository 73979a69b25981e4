using ArticlesApi.Infrastructure.Http;

namespace ArticlesApi.Infrastructure.Paging;

public static class Pages
{
    /// Lists fetch one row more than the page: its presence says there is a next page.
    public static ListResponse<T> Build<TRow, T>(HttpContext http, IReadOnlyList<TRow> rows, int limit, int? total,
        Func<TRow, string> cursorOf, Func<IReadOnlyList<TRow>, IReadOnlyList<T>> map)
    {
        var page = rows.Count > limit ? rows.Take(limit).ToList() : rows;
        var next = rows.Count > limit ? cursorOf(page[^1]) : null;
        if (next is not null)
            http.Response.Headers.Append("Link", $"<{NextUrl(http.Request, next)}>; rel=\"next\"");
        return new ListResponse<T>
        {
            Data = map(page),
            Meta = new ListMeta { Limit = limit, NextCursor = next, Total = total },
        };
    }

    /// This request's URL with `cursor` replaced, all other parameters kept: under Api:PublicUrl, or
    /// relative (RFC 8288 allows it), never with the request's Host.
    static string NextUrl(HttpRequest request, string cursor)
    {
        var query = CanonicalQuery.Of(request, without: "cursor").Add("cursor", cursor);
        return request.HttpContext.RequestServices.GetRequiredService<PublicUrls>().For(request, query);
    }
}
