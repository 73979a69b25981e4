using System.Net.Http.Headers;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Auth;

namespace ArticlesApi.Tests.Infrastructure;

/// Someone calling the API with a key of a given role (authors and contributors act as `AuthorId`).
public sealed record Caller(HttpClient Client, Guid KeyId, Role Role, Guid? AuthorId, string Secret);

/// Keys inserted straight into the database, and HttpClients that send them as Bearer tokens.
public static class ApiKeys
{
    public static async Task<Caller> CallerAsync(this ApiFactory api, Role role, Guid? authorId = null)
    {
        await using var db = api.Database.CreateContext();
        if (authorId is null && role is Role.Author or Role.Contributor)
        {
            var author = Fakes.Author();
            db.Authors.Add(author);
            authorId = author.Id;
        }
        var secret = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Name = $"test {role}", Role = role, AuthorId = authorId,
            Prefix = ApiKeySecrets.PrefixOf(secret), SecretHash = ApiKeySecrets.Hash(secret),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return new Caller(api.ClientWithKey(secret), key.Id, role, authorId, secret);
    }

    public static HttpClient ClientWithKey(this ApiFactory api, string secret)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    public static Task<Caller> AdminAsync(this ApiFactory api) => api.CallerAsync(Role.Admin);

    public static Task<Caller> EditorAsync(this ApiFactory api) => api.CallerAsync(Role.Editor);
}
