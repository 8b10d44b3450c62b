# Sieve of Eratosthenes and prime factorisation.
def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    for n in range(2, int(limit ** 0.5) + 1):
        if is_prime[n]:
            is_prime[n * n::n] = [False] * len(range(n * n, limit + 1, n))
    return [n for n, p in enumerate(is_prime) if p]
primes = sieve(1000)
print(len(primes), primes[:15], primes[-3:])
def factorise(n):
    factors = {}
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors[d] = factors.get(d, 0) + 1
            n //= d
        d += 1
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors
for n in [360, 97, 2 ** 20 * 3, 600851475143, 1]:
    print(n, factorise(n))
