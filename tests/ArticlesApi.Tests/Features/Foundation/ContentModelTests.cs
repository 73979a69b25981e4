using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Tests.Features.Foundation;

public sealed class ContentModelTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Article_Round_Trips_With_Ordered_Authors_Tags_And_Citations()
    {
        var (first, second, third) = (Fakes.Author("Giulia Ferri"), Fakes.Author("Marco Bellini"), Fakes.Author("Anna Kovač"));
        var (agency, intelligence) = (Fakes.Source(SourceKind.Agency), Fakes.Source(SourceKind.Intelligence));
        var (diplomacy, defence) = (Fakes.Tag("diplomazia"), Fakes.Tag("difesa"));
        var article = Fakes.Article("Perché il trattato è fermo", markdown: "## Il punto\n\nSecondo l'agenzia, **nulla** è deciso.");
        // Positions deliberately out of insertion order: reads must sort by position, not by row order.
        article.Authors.AddRange([
            new ArticleAuthor { Author = third, Position = 2 },
            new ArticleAuthor { Author = first, Position = 0 },
            new ArticleAuthor { Author = second, Position = 1 },
        ]);
        article.Tags.AddRange([new ArticleTag { Tag = diplomacy }, new ArticleTag { Tag = defence }]);
        article.Citations.AddRange([
            new Citation { Source = intelligence, Claim = "Truppe ammassate al confine", Attribution = "secondo", Position = 1 },
            new Citation { Source = agency, Claim = "Il negoziato è sospeso", Attribution = "ha dichiarato", Quote = "Non firmeremo", Url = "https://example.org/nota", Position = 0 },
        ]);
        article.FeatureImage = new FeatureImage { Url = "https://images.example.org/a.jpg", Alt = "Il palazzo", Caption = "Roma" };

        await using (var write = api.Database.CreateContext())
        {
            write.Articles.Add(article);
            await write.SaveChangesAsync(_ct);
        }

        await using var read = api.Database.CreateContext();
        var loaded = await read.Articles.AsNoTracking()
            .Include(a => a.Authors).ThenInclude(x => x.Author)
            .Include(a => a.Tags).ThenInclude(x => x.Tag)
            .Include(a => a.Citations).ThenInclude(c => c.Source)
            .SingleAsync(a => a.Id == article.Id, _ct);

        loaded.Authors.OrderBy(x => x.Position).Select(x => x.Author.Name).ShouldBe(["Giulia Ferri", "Marco Bellini", "Anna Kovač"]);
        loaded.Tags.Select(x => x.Tag.Name).ShouldBe([diplomacy.Name, defence.Name], ignoreOrder: true);
        var citations = loaded.Citations.OrderBy(c => c.Position).ToList();
        citations.Select(c => c.Source.Kind).ShouldBe([SourceKind.Agency, SourceKind.Intelligence]);
        citations[0].Quote.ShouldBe("Non firmeremo");
        citations[0].Attribution.ShouldBe("ha dichiarato");
        loaded.Body.Html.ShouldContain("<strong>nulla</strong>");
        loaded.Body.Text.ShouldNotContain("**");
        loaded.FeatureImage!.Caption.ShouldBe("Roma");
        loaded.PublishedAt!.Value.Kind.ShouldBe(DateTimeKind.Utc);
        loaded.CreatedAt.ShouldBe(api.Now);
        loaded.Version.ShouldNotBe(0u);
    }

    [Fact]
    public async Task Slugs_Are_Unique_In_The_Database()
    {
        var slug = $"same-slug-{Guid.NewGuid():N}";
        await using var db = api.Database.CreateContext();
        db.Tags.Add(new Tag { Name = "One", Slug = slug });
        await db.SaveChangesAsync(_ct);

        db.Tags.Add(new Tag { Name = "Two", Slug = slug });
        var error = await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(_ct));

        var postgres = error.InnerException.ShouldBeOfType<PostgresException>();
        postgres.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
        postgres.ConstraintName.ShouldBe("ix_tags_slug");
    }

    [Fact]
    public async Task Row_Version_Changes_On_Every_Update()
    {
        await using var db = api.Database.CreateContext();
        var tag = Fakes.Tag();
        db.Tags.Add(tag);
        await db.SaveChangesAsync(_ct);
        var before = tag.Version;

        tag.Description = "changed";
        await db.SaveChangesAsync(_ct);

        tag.Version.ShouldNotBe(before);
    }

    [Fact]
    public async Task A_Stale_Row_Version_Is_Refused()
    {
        var tag = Fakes.Tag();
        await using (var db = api.Database.CreateContext())
        {
            db.Tags.Add(tag);
            await db.SaveChangesAsync(_ct);
        }

        await using var first = api.Database.CreateContext();
        await using var second = api.Database.CreateContext();
        var a = await first.Tags.SingleAsync(t => t.Id == tag.Id, _ct);
        var b = await second.Tags.SingleAsync(t => t.Id == tag.Id, _ct);
        a.Name = "first";
        await first.SaveChangesAsync(_ct);
        b.Name = "second";

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(_ct));
    }
}
