using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Infrastructure.Http;

/// A read by id or slug whose old slugs (slug_history, Data/SlugHistory) answer `301 Moved Permanently` with
/// `Location: /api/v1/{resource}/{currentSlug}` and the request's query. Declared beside the endpoint's
/// ConditionalRead (`Definition.Declare(ConditionalRead.Public, OldSlugRedirect.Tags)`); the document's 301
/// comes from the declaration (DeclaredBehaviourDocs). Only reads redirect: a write names the resource by id or
/// current slug (an old slug answers 404 to PUT, DELETE and actions; see docs/decisions/0025-h15slugs-slug-history.md).
public sealed record OldSlugRedirect(ContentResource Resource) : HttpBehaviour
{
    public static readonly OldSlugRedirect Articles = new(ContentResource.Article);
    public static readonly OldSlugRedirect Authors = new(ContentResource.Author);
    public static readonly OldSlugRedirect Tags = new(ContentResource.Tag);
    public static readonly OldSlugRedirect Sources = new(ContentResource.Source);
}

public static class SlugRedirects
{
    /// For a read that found nothing under `idOrSlug`: when it is an old slug of a resource the caller may
    /// read (`readableSlugOf(id)`: the current slug through the same visibility rule as the read, empty when
    /// hidden), answers 301 to the current slug and returns true. Otherwise false, and the read answers 404
    /// as for any unknown slug: a redirect never tells what the caller cannot read. A slug another resource
    /// holds now never gets here (the read found it), and one taken since is no longer in the history.
    /// Cache-Control as for the read (public, max-age for anonymous callers; never kept by the response cache,
    /// which keeps only representations).
    public static async Task<bool> TryRedirectAsync(HttpContext http, ArticlesDb db, string idOrSlug,
        Func<Guid, IQueryable<string>> readableSlugOf, CancellationToken ct)
    {
        var declared = HttpBehaviour.Of<OldSlugRedirect>(http)
            ?? throw new InvalidOperationException("An endpoint that redirects old slugs declares OldSlugRedirect.");
        if (Guid.TryParse(idOrSlug, out _))
            return false;
        var id = await db.Set<OldSlug>().Where(o => o.Resource == declared.Resource && o.Slug == idOrSlug)
            .Select(o => (Guid?)o.ResourceId).FirstOrDefaultAsync(ct);
        if (id is null || await readableSlugOf(id.Value).FirstOrDefaultAsync(ct) is not { } current)
            return false;

        var request = http.Request;
        var response = http.Response;
        var path = request.Path.Value!;
        response.StatusCode = StatusCodes.Status301MovedPermanently;
        response.Headers.Location = http.RequestServices.GetRequiredService<PublicUrls>()
            .For(request, new PathString(path[..(path.LastIndexOf('/') + 1)] + current), request.QueryString);
        if (HttpBehaviour.Of<ConditionalRead>(http) is { } read)
            Representations.DescribeCaching(response, read);
        response.ContentLength = 0;
        return true;
    }
}
