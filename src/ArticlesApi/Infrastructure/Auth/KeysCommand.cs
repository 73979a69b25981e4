using ArticlesApi.Data;
using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Infrastructure.Auth;

/// `dotnet run --project src/ArticlesApi -- keys create --role admin --name ops [--author <id-or-slug>]`
/// prints a new key's secret (once) and exits without starting the web host.
public static class KeysCommand
{
    const string Usage = "usage: keys create --role contributor|author|editor|admin --name <name> [--author <author id or slug>]";

    public static bool IsRequested(string[] args) => args is ["keys", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter errors)
    {
        if (args is not ["keys", "create", .. var options])
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < options.Length; i += 2)
            values[options[i].TrimStart('-')] = options[i + 1];

        if (!values.TryGetValue("role", out var roleName) || !Enum.TryParse<Role>(roleName, true, out var role)
            || !Enum.IsDefined(role) || int.TryParse(roleName, out _))
        {
            await errors.WriteLineAsync($"--role is required (contributor, author, editor or admin).\n{Usage}");
            return 2;
        }
        if (!values.TryGetValue("name", out var name) || string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            await errors.WriteLineAsync($"--name is required (at most 200 characters).\n{Usage}");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ArticlesDb>();
        Guid? authorId = null;
        if (values.TryGetValue("author", out var author))
        {
            var isId = Guid.TryParse(author, out var id);
            authorId = await db.Authors.Where(a => isId ? a.Id == id : a.Slug == author).Select(a => (Guid?)a.Id).SingleOrDefaultAsync();
            if (authorId is null)
            {
                await errors.WriteLineAsync($"No author with id or slug '{author}'.");
                return 1;
            }
        }
        if (authorId is null && role is Role.Author or Role.Contributor)
        {
            await errors.WriteLineAsync("--author is required for author and contributor keys (the author the key acts as).");
            return 2;
        }

        var secret = ApiKeySecrets.Generate();
        db.ApiKeys.Add(new ApiKey
        {
            Name = name, Role = role, AuthorId = authorId, Prefix = ApiKeySecrets.PrefixOf(secret), SecretHash = ApiKeySecrets.Hash(secret),
        });
        await db.SaveChangesAsync();
        await errors.WriteLineAsync($"Created {RoleNames.Of(role)} key '{name}'. Store the secret now: it is not shown again.");
        await output.WriteLineAsync(secret);
        return 0;
    }
}
