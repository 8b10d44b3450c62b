import _opcode, opcode
import _opcode as dis
print(_opcode.stack_effect.__text_signature__, _opcode.get_specialization_stats())
total = 0
for name, op in sorted(opcode.opmap.items()):
    for arg in ([None] if op < opcode.HAVE_ARGUMENT else [0, 1, 3, 7, 256, 1000, 2**20]):
        for j in (None, True, False):
            total += dis.stack_effect(op, arg, jump=j)
print(total)
for args, kw in [((1, 0), {}), ((100,), {}), ((255, 0), {}), ((1,), {'jump': 1}), (('x',), {}), ((2**40,), {}), ((), {}), ((100, 2**40), {}), ((1,), {"x": 1}), ((100, -1), {}), ((100, 2**70), {})]:
    try:
        print(dis.stack_effect(*args, **kw))
    except Exception as e:
        print(type(e).__name__, e)
