using ArticlesApi.Infrastructure.Auth;
using Microsoft.Extensions.Time.Testing;

namespace ArticlesApi.Tests.Features.Security;

/// The set the rate limiter trusts before authentication: bounded in time and size, emptied by revocation.
public sealed class VerifiedKeysTests
{
    static byte[] HashOf(string secret) => ApiKeySecrets.Hash(secret);

    [Fact]
    public void A_Key_Is_Known_Until_It_Has_Been_Idle_For_Its_Lifetime()
    {
        var time = new FakeTimeProvider();
        var keys = new VerifiedKeys(time);
        var id = Guid.NewGuid();
        keys.Remember(HashOf("one"), id);

        time.Advance(VerifiedKeys.Lifetime - TimeSpan.FromSeconds(1));
        keys.TryFind(HashOf("one"), out var found).ShouldBeTrue();
        found.ShouldBe(id);
        keys.Remember(HashOf("one"), id);
        time.Advance(VerifiedKeys.Lifetime - TimeSpan.FromSeconds(1));
        keys.TryFind(HashOf("one"), out _).ShouldBeTrue("each authentication extends it");
        time.Advance(TimeSpan.FromSeconds(1));
        keys.TryFind(HashOf("one"), out _).ShouldBeFalse();
        keys.TryFind(HashOf("never seen"), out _).ShouldBeFalse();
    }

    [Fact]
    public void Forgetting_A_Key_Id_Forgets_Every_Secret_Of_It()
    {
        var keys = new VerifiedKeys(new FakeTimeProvider());
        var revoked = Guid.NewGuid();
        var other = Guid.NewGuid();
        keys.Remember(HashOf("revoked"), revoked);
        keys.Remember(HashOf("other"), other);

        keys.Forget(revoked);

        keys.TryFind(HashOf("revoked"), out _).ShouldBeFalse();
        keys.TryFind(HashOf("other"), out _).ShouldBeTrue();
    }

    [Fact]
    public void A_Full_Set_Makes_Room_Only_From_Expired_Keys()
    {
        var time = new FakeTimeProvider();
        var keys = new VerifiedKeys(time);
        for (var i = 0; i < VerifiedKeys.Capacity; i++)
            keys.Remember(HashOf($"key {i}"), Guid.NewGuid());

        keys.Remember(HashOf("one too many"), Guid.NewGuid());
        keys.TryFind(HashOf("one too many"), out _).ShouldBeFalse("live keys are never pushed out");

        time.Advance(VerifiedKeys.Lifetime);
        keys.Remember(HashOf("after expiry"), Guid.NewGuid());
        keys.TryFind(HashOf("after expiry"), out _).ShouldBeTrue();
    }
}
