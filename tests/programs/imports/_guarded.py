def main():
    return "main of " + __name__
if __name__ == "__main__":
    print("never printed on import")
