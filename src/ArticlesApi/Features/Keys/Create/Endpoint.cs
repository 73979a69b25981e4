using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Keys;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;

namespace Keys.Create;

sealed class Endpoint(ArticlesDb db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/keys");
        Definition.Declare(IdempotentPost.Instance, NoCompression.Instance);
        Roles(RoleNames.Admin);
        Description(b => b.Produces<Response>(201).ProducesCreateProblems());
        Summary(s =>
        {
            s.Summary = "Create an API key (admin)";
            s.ExampleRequest = new { name = "giulia", role = "author", author = "giulia-ferraris" };
            s.Description = "Answers the key with its `secret`, shown this once: only a hash is stored. Author and contributor keys name the author they act as.";
        });
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        Guid? authorId = null;
        if (req.Author is { } author)
        {
            var isId = Guid.TryParse(author, out var id);
            authorId = await db.Authors.Where(a => isId ? a.Id == id : a.Slug == author).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct);
            if (authorId is null)
                AddError(r => r.Author, $"No author with id or slug '{author}'.");
        }
        ThrowIfAnyErrors();

        var secret = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Name = req.Name, Role = req.Role!.Value, AuthorId = authorId,
            Prefix = ApiKeySecrets.PrefixOf(secret), SecretHash = ApiKeySecrets.Hash(secret),
        };
        db.ApiKeys.Add(key);
        // The author may have been deleted since it was found: 409, not 500.
        if (await db.TrySaveAsync(null, ct) is { } refused)
        {
            await Send.RefusalAsync(refused);
            return;
        }

        var saved = await db.ApiKeys.Where(k => k.Id == key.Id).Select(KeyProjections.Admin).SingleAsync(ct);
        saved.LinkTo(await db.SiteUrlsAsync(ct));
        HttpContext.Response.Headers.Location = $"/api/v1/keys/{key.Id}";
        await Send.ResponseAsync(new Response
        {
            Id = saved.Id, Name = saved.Name, Role = saved.Role, Author = saved.Author, Prefix = saved.Prefix,
            CreatedAt = saved.CreatedAt, RevokedAt = saved.RevokedAt, Secret = secret,
        }, StatusCodes.Status201Created, ct);
    }
}
