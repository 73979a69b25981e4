using ArticlesApi.Data;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace SiteSettings.Get;

sealed class Endpoint(ArticlesDb db) : EndpointWithoutRequest<SiteResponse>
{
    public override void Configure()
    {
        Get("/site");
        Definition.Declare(ConditionalRead.Public);
        AllowAnonymous();
        Description(b => b
            .Produces<SiteResponse>(200, "application/json")
            .Produces(304));
        Summary(s =>
        {
            s.Summary = "Get the site";
            s.Description = "The newsroom's public site: its name, base `url`, logo, languages (the first is the default), the template of "
                + "article URLs and the publication name for Google News. Every `url` in article, author, tag and source reads, and every "
                + "link in feeds, sitemaps and structured data, is made from it. There is always exactly one site.";
            s.Responses[200] = "The site.";
            s.Responses[304] = "Not modified since the ETag given in If-None-Match.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync(SiteResponse.Of(await db.Sites.AsNoTracking().SingleAsync(ct)), ct);
}
