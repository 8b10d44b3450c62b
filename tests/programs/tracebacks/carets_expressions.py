# Caret lines point at the failing part of an expression.
class Node:
    def __init__(self):
        self.children = {}
def depth(node):
    return node.children["left"].children["right"]
root = Node()
root.children["left"] = Node()
depth(root)
