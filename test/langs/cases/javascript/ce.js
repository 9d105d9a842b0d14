console.log(1 +;
