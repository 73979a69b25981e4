using ArticlesApi.Data;
using ArticlesApi.Features.Distribution.Feeds;
using ArticlesApi.Features.Distribution.Ready;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;

namespace Feeds;

/// GET /api/v1/feeds/{rss,atom,json}: one feed in three formats; the format only decides how it is written.
abstract class FeedEndpoint(ArticlesDb db, SiteLinks links, PublicUrls publicUrls, TimeProvider time) : Endpoint<FeedRequest, object>
{
    protected void Describe(string route, string format, string mediaType, Type? schema)
    {
        Get(route);
        Definition.Declare(ConditionalRead.Public, new LimitRange(FeedRequest.MaxLimit, FeedArticles.DefaultLimit));
        AllowAnonymous();
        Description(b =>
        {
            if (schema is null)
                b.Produces<string>(200, mediaType);
            else
                b.Produces(200, schema, mediaType);
            b.ProducesProblemDetails(400).Produces(304).ProducesProblemDetails(404);
        });
        Summary(s =>
        {
            s.Summary = $"{format} feed of published articles";
            s.Description = FeedBuilder.Description;
            s.RequestParam(r => r.Limit!, "Items, 1–100 (default 50).");
            s.RequestParam(r => r.Tag!, "Only articles with this tag (slug); an unknown tag answers 404.");
            s.RequestParam(r => r.Author!, "Only articles by this author (slug); an unknown author answers 404.");
            s.RequestParam(r => r.Language!, "Only articles in this language (BCP 47; `pt` also matches `pt-BR`). No article in it: an empty feed.");
            s.Responses[200] = $"The {format} feed ({mediaType}).";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
            s.Responses[400] = "A parameter is invalid; `errors` names it.";
            s.Responses[404] = FeedBuilder.NotFound;
        });
    }

    protected abstract object Represent(Feed feed);

    protected abstract ReadyFormat Format { get; }

    public override async Task HandleAsync(FeedRequest r, CancellationToken ct)
    {
        // The unfiltered feed from the ready-made items (Distribution/Ready), the same bytes; else the query path.
        if (ReadyFeeds.Serves(r) && Resolve<ArticlesApi.Features.Articles.Ready.ReadySummaryWorker>().Feeds.Serves(Resolve<IConfiguration>())
            && await ReadyFeeds.FeedAsync(db, links, publicUrls, HttpContext.Request, time.GetUtcNow().UtcDateTime, r, Format, ct) is { } ready)
        {
            await Send.OkAsync(ready, ct);
            return;
        }
        var feed = await FeedBuilder.BuildAsync(db, links, publicUrls, HttpContext.Request, User, time, r, ct);
        if (feed is null)
            await Send.NotFoundAsync(ct);
        else
            await Send.OkAsync(Represent(feed), ct);
    }
}

sealed class RssEndpoint(ArticlesDb db, SiteLinks links, PublicUrls publicUrls, TimeProvider time) : FeedEndpoint(db, links, publicUrls, time)
{
    public override void Configure() => Describe("/feeds/rss", "RSS 2.0", RssFeed.Type, null);

    protected override object Represent(Feed feed) => new RssFeed(feed);

    protected override ReadyFormat Format => ReadyFormat.Rss;
}

sealed class AtomEndpoint(ArticlesDb db, SiteLinks links, PublicUrls publicUrls, TimeProvider time) : FeedEndpoint(db, links, publicUrls, time)
{
    public override void Configure() => Describe("/feeds/atom", "Atom 1.0", AtomFeed.Type, null);

    protected override object Represent(Feed feed) => new AtomFeed(feed);

    protected override ReadyFormat Format => ReadyFormat.Atom;
}

sealed class JsonEndpoint(ArticlesDb db, SiteLinks links, PublicUrls publicUrls, TimeProvider time) : FeedEndpoint(db, links, publicUrls, time)
{
    public override void Configure() => Describe("/feeds/json", "JSON Feed 1.1", JsonFeed.Type, typeof(JsonFeed));

    protected override object Represent(Feed feed) => JsonFeed.From(feed);

    protected override ReadyFormat Format => ReadyFormat.Json;
}
