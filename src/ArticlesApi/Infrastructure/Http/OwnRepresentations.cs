namespace ArticlesApi.Infrastructure.Http;

/// A JSON representation with a media type of its own (`application/feed+json`), written with the API's options
/// like any DTO; its members name themselves ([JsonPropertyName]) when a published format fixes the names.
public interface IJsonWithMediaType
{
    /// Not a member of the JSON: the Content-Type it is sent with (without charset).
    string MediaType();
}

/// A representation that is not JSON (RSS, Atom, a sitemap): it writes its own bytes into the serializer's
/// pooled buffer, and Representations gives it the ETag, Cache-Control, 304, cache fill and coding every 2xx gets.
public abstract class WrittenRepresentation
{
    /// The Content-Type it is sent with (without charset; XML answers are UTF-8).
    public abstract string MediaType { get; }

    public abstract void WriteTo(Stream output);
}

/// A representation too large to hold in memory (a sitemap of up to 50,000 URLs): written straight to the
/// response, in the coding the request accepts, while its rows are read. Its ETag cannot come from bytes not
/// yet made, so the endpoint gives one computed beforehand from what the body depends on (docs/decisions, the
/// distribution ADR); Representations adds Cache-Control and Vary and answers If-None-Match with 304 before a
/// row is read. It is never put in the response cache (that would hold it whole); shared caches keep it by
/// its `public, max-age`.
public abstract class StreamedRepresentation
{
    public abstract string MediaType { get; }

    /// The identity representation's ETag (quoted).
    public abstract string ETag { get; }

    public abstract Task WriteToAsync(Stream output, CancellationToken ct);
}
