using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Infrastructure.Http;

/// A read by id or slug whose old slugs (slug_history, Data/SlugHistory) answer `301 Moved Permanently` with
/// `Location: /api/v1/{resource}/{currentSlug}` and the request's query. Declared beside the endpoint's
/// ConditionalRead (`Definition.Declare(ConditionalRead.Public, OldSlugRedirect.Tags)`); the document's 301
/// comes from the declaration (DeclaredBehaviourDocs). Only reads redirect: a write names the resource by id or
/// current slug (an old slug answers 404 to PUT, DELETE and actions; see docs/decisions/0027-slug-history.md).
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
    /// hidden), the 301 to send (`Send.ResultAsync`). Otherwise null, and the read answers 404 as for any
    /// unknown slug: a redirect never tells what the caller cannot read. A slug another resource holds now
    /// never gets here (the read found it), and one taken since is no longer in the history.
    public static async Task<IResult?> FindAsync(HttpContext http, ArticlesDb db, string idOrSlug,
        Func<Guid, IQueryable<string>> readableSlugOf, CancellationToken ct)
    {
        var declared = HttpBehaviour.Of<OldSlugRedirect>(http)
            ?? throw new InvalidOperationException("An endpoint that redirects old slugs declares OldSlugRedirect.");
        if (Guid.TryParse(idOrSlug, out _))
            return null;
        var id = await db.Set<OldSlug>().Where(o => o.Resource == declared.Resource && o.Slug == idOrSlug)
            .Select(o => (Guid?)o.ResourceId).FirstOrDefaultAsync(ct);
        if (id is null || await readableSlugOf(id.Value).FirstOrDefaultAsync(ct) is not { } current)
            return null;
        var request = http.Request;
        // The old slug's segment replaced, so a sub-resource (`/articles/{idOrSlug}/related`) keeps its tail.
        var segments = request.Path.Value!.Split('/');
        var at = Array.LastIndexOf(segments, idOrSlug);
        if (at < 0)
            return null;
        segments[at] = current;
        return new MovedPermanently(http.RequestServices.GetRequiredService<PublicUrls>()
            .For(request, new PathString(string.Join('/', segments)), request.QueryString));
    }

    /// No body; Cache-Control and Vary as for the read's 200 (public, max-age for anonymous callers), so a
    /// browser or CDN keeps it no longer than it keeps the representations. The response cache keeps only
    /// representations (Representations), so it never serves a 301 for a slug that has been taken since.
    sealed class MovedPermanently(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            var response = http.Response;
            response.StatusCode = StatusCodes.Status301MovedPermanently;
            response.Headers.Location = location;
            if (HttpBehaviour.Of<ConditionalRead>(http) is { } read)
                Representations.DescribeCaching(response, read);
            response.ContentLength = 0;
            return Task.CompletedTask;
        }
    }
}
