# object.__init_subclass__ is a class method whose messages name the class it is bound to.
class B:
    def __init_subclass__(cls, **kw): super().__init_subclass__(**kw)
for f in [lambda: type('Y', (B,), {}, x=1), lambda: object.__init_subclass__(x=1), lambda: object.__init_subclass__(1), lambda: B.__init_subclass__(1, 2)]:
    try: f()
    except TypeError as e: print(e)
print(object.__init_subclass__.__qualname__, object.__init_subclass__.__text_signature__)
class C: pass
print(C.__init_subclass__.__qualname__)
