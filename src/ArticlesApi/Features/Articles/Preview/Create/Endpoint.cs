using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Preview;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Articles.Preview.Create;

sealed class Endpoint(ArticlesDb db, TimeProvider time, PublicUrls urls) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/articles/{idOrSlug}/preview");
        // The answer carries a secret: never compressed (BREACH), as a new key's.
        Definition.Declare(NoCompression.Instance);
        Roles(RoleNames.Writers);
        Description(b => b.ClearDefaultAccepts().Produces<Response>(201).ProducesProblems(400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Create a preview link for an article (those who may edit it)";
            s.ExampleRequest = ArticleExamples.Preview;
            s.Description = "A link that shows the article as it is now, whatever its status (a draft too), to anyone who has it: "
                + "`GET /api/v1/articles/{id}?preview=<token>`, answered `Cache-Control: private, no-store` and never from the "
                + "response cache. It works until `expiresAt` (default 7 days, at most 30). An article has one live link: a new one, "
                + "or DELETE …/preview, ends the links given before. Only a hash of the token is stored.";
            s.Responses[201] = "The link; the token is shown this once.";
            s.Responses[400] = "`expiresIn` or `expiresAt` is out of range, or both are given.";
            s.Responses[404] = "No such article, or not one this key may edit.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (req.ExpiresAt is { } at && (at.UtcDateTime <= now || at.UtcDateTime > now + PreviewLinks.MaxLifetime))
            ThrowError(r => r.ExpiresAt!, "'expiresAt' must be in the future and at most 30 days from now.");
        var article = await ArticleAccess.FindAsync(db, req.IdOrSlug, includeTrashed: false, ct);
        var refused = article is null ? ArticleAccess.NotFound(req.IdOrSlug) : await ArticleAccess.CheckAsync(db, Caller.From(User), article, ct);
        if (refused is not null)
        {
            await Send.RefusalAsync(refused);
            return;
        }

        var expiresAt = req.ExpiresAt?.UtcDateTime ?? now + (req.ExpiresIn is { } seconds ? TimeSpan.FromSeconds(seconds) : PreviewLinks.DefaultLifetime);
        var token = PreviewLinks.Generate();
        var hash = ApiKeySecrets.Hash(token);
        var keyId = Caller.KeyIdOf(User);
        // One row per article, replaced in one statement: concurrent links end each other without a conflict.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO article_previews (article_id, token_hash, expires_at, created_at, created_by_key_id)
            VALUES ({article!.Id}, {hash}, {expiresAt}, {now}, {keyId})
            ON CONFLICT (article_id) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at,
                created_at = excluded.created_at, created_by_key_id = excluded.created_by_key_id
            """, ct);

        var path = $"/api/v1/articles/{article.Id}?{PreviewLinks.QueryParameter}={token}";
        HttpContext.Response.Headers.Location = $"/api/v1/articles/{article.Id}/preview";
        await Send.ResponseAsync(new Response
        {
            Token = token,
            Url = (urls.Base ?? HttpContext.Request.PathBase.Value) + path,
            ExpiresAt = expiresAt,
        }, StatusCodes.Status201Created, ct);
    }
}
