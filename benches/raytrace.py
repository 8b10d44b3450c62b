# Float-heavy objects: a small ray tracer (spheres, a plane, shadows and
# reflections) rendering a scene to a checksum of its pixels.
import math


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y, self.z - other.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def length(self):
        return math.sqrt(self.dot(self))

    def normalized(self):
        return self * (1.0 / self.length())


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()

    def at(self, t):
        return self.origin + self.direction * t


class Sphere:
    def __init__(self, centre, radius, colour, shine):
        self.centre = centre
        self.radius = radius
        self.colour = colour
        self.shine = shine

    def intersect(self, ray):
        to_centre = self.centre - ray.origin
        along = to_centre.dot(ray.direction)
        gap = to_centre.dot(to_centre) - along * along
        r2 = self.radius * self.radius
        if gap > r2:
            return None
        half = math.sqrt(r2 - gap)
        t = along - half
        if t < 1e-6:
            t = along + half
        return t if t > 1e-6 else None

    def normal_at(self, point):
        return (point - self.centre).normalized()


class Plane:
    def __init__(self, point, normal, shine):
        self.point = point
        self.normal = normal.normalized()
        self.shine = shine

    def intersect(self, ray):
        facing = ray.direction.dot(self.normal)
        if abs(facing) < 1e-9:
            return None
        t = (self.point - ray.origin).dot(self.normal) / facing
        return t if t > 1e-6 else None

    def normal_at(self, point):
        return self.normal

    def colour_at(self, point):
        checker = (math.floor(point.x) + math.floor(point.z)) % 2
        return Vec(0.9, 0.9, 0.9) if checker else Vec(0.2, 0.2, 0.3)


class Scene:
    def __init__(self):
        self.objects = [
            Sphere(Vec(0.0, 1.0, 5.0), 1.0, Vec(0.9, 0.2, 0.2), 0.3),
            Sphere(Vec(-2.0, 0.7, 6.0), 0.7, Vec(0.2, 0.9, 0.3), 0.2),
            Sphere(Vec(2.0, 1.5, 7.0), 1.5, Vec(0.3, 0.3, 0.9), 0.5),
            Plane(Vec(0.0, 0.0, 0.0), Vec(0.0, 1.0, 0.0), 0.2),
        ]
        self.light = Vec(-4.0, 8.0, -2.0)
        self.ambient = 0.1

    def nearest(self, ray):
        best, best_t = None, math.inf
        for obj in self.objects:
            t = obj.intersect(ray)
            if t is not None and t < best_t:
                best, best_t = obj, t
        return best, best_t

    def trace(self, ray, depth):
        obj, t = self.nearest(ray)
        if obj is None:
            return Vec(0.05, 0.05, 0.1)
        point = ray.at(t)
        normal = obj.normal_at(point)
        colour = obj.colour_at(point) if isinstance(obj, Plane) else obj.colour
        to_light = self.light - point
        light_distance = to_light.length()
        to_light = to_light.normalized()
        shade = self.ambient
        blocker, blocked_t = self.nearest(Ray(point + normal * 1e-4, to_light))
        if blocker is None or blocked_t > light_distance:
            shade += max(0.0, normal.dot(to_light)) * 0.9
        result = colour * shade
        if depth > 0 and obj.shine > 0:
            bounce = ray.direction - normal * (2.0 * ray.direction.dot(normal))
            reflected = self.trace(Ray(point + normal * 1e-4, bounce), depth - 1)
            result = result * (1.0 - obj.shine) + reflected * obj.shine
        return result


def render(width, height):
    scene = Scene()
    eye = Vec(0.0, 1.5, -3.0)
    checksum = 0
    histogram = [0] * 8
    for row in range(height):
        for col in range(width):
            x = (col - width / 2) / width * 2.0
            y = (height / 2 - row) / height * 1.5 - 0.3
            colour = scene.trace(Ray(eye, Vec(x, y, 1.6)), 3)
            r = min(255, int(colour.x * 255))
            g = min(255, int(colour.y * 255))
            b = min(255, int(colour.z * 255))
            checksum = (checksum * 31 + r * 65536 + g * 256 + b) % 1000000007
            histogram[(r + g + b) * 8 // 766] += 1
    return checksum, histogram


checksum, histogram = render(160, 120)
print(checksum)
print(histogram)
