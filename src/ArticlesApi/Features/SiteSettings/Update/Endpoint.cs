using ArticlesApi.Data;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace SiteSettings.Update;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, SiteResponse>
{
    public override void Configure()
    {
        Put("/site");
        Definition.Declare(ConditionalWrite.IfMatchRequired);
        Roles(RoleNames.Admin);
        Description(b => b.Produces<SiteResponse>(200).ProducesProblems(400, 401, 403, 412, 413, 428));
        Summary(s =>
        {
            s.Summary = "Replace the site (admin)";
            s.ExampleRequest = new
            {
                name = "Oltre la linea",
                description = "Esteri, difesa e diplomazia dal Mediterraneo all'Ucraina: chi dice cosa, e secondo chi.",
                url = "https://www.oltrelalinea.news",
                logoUrl = "https://www.oltrelalinea.news/logo-600x60.png",
                languages = new[] { "it", "en" },
                articleUrlTemplate = "{siteUrl}/{language}/{yyyy}/{mm}/{slug}",
                newsPublicationName = "Oltre la linea",
            };
            s.Description = "Needs If-Match with the site's current ETag. Every field is replaced; `articleUrlTemplate` not given is the "
                + "default `{siteUrl}/{language}/{slug}`. The next read of any article, author, tag or source (and every feed and sitemap) "
                + "shows URLs made from the new settings.";
            s.Responses[200] = "Replaced.";
            s.Responses[400] = "A field is invalid; `errors` names it (an unknown token in `articleUrlTemplate`, a repeated language…).";
            s.Responses[412] = "If-Match is not the site's current ETag: it changed since it was read.";
            s.Responses[428] = "If-Match is missing.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var site = await db.Sites.SingleAsync(ct);
        var refused = Preconditions.Check(req.IfMatch, SiteResponse.Of(site), HttpContext.DeclaredIfMatch());
        if (refused is null)
        {
            req.ApplyTo(site);
            // Always an UPDATE, even when nothing changed, so the row-version check runs and the change is recorded.
            site.UpdatedAt = db.Clock.GetUtcNow().UtcDateTime;
            refused = await db.TrySaveAsync(null, ct);
        }
        // Read back: the answer is what a GET gives now (times as the database keeps them), so its ETag is a GET's.
        await (refused is null ? Send.OkAsync(SiteResponse.Of(await db.Sites.AsNoTracking().SingleAsync(ct)), ct) : Send.RefusalAsync(refused));
    }
}

sealed class Request : SiteInput
{
    /// The ETag of the site being replaced: required.
    [FromHeader("If-Match", IsRequired = false)]
    public string? IfMatch { get; init; }
}

sealed class Validator : Validator<Request>
{
    public Validator() => Include(new SiteInputRules());
}
